import type { Log } from "../log.ts";
import { byteSize } from "./byte-size.ts";

/** One line of a pull or create stream: a step, or a transfer with byte counts. */
export interface ProgressUpdate {
  readonly status: string;
  readonly digest?: string;
  readonly total?: number;
  /** Absent until the first bytes of a layer arrive. */
  readonly completed?: number;
}

const DEFAULT_INTERVAL_MS = 5_000;

/**
 * Turns Ollama's progress stream (hundreds of lines a second while downloading) into a few
 * readable log lines: every new step, the start and end of each layer, and in between one
 * line per interval, so a long download still shows it is moving.
 */
export class ProgressLog {
  private lastStatus: string | undefined;
  /** Per layer, since Ollama may report layers interleaved. */
  private readonly layers = new Map<string, { loggedAt: number; finished: boolean }>();

  constructor(
    private readonly prefix: string,
    private readonly log: Log,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = DEFAULT_INTERVAL_MS,
  ) {}

  update(progress: ProgressUpdate): void {
    if (progress.digest && progress.total) this.transfer(progress, progress.digest, progress.total);
    else if (progress.status !== this.lastStatus) this.log(`${this.prefix}: ${progress.status}`);
    this.lastStatus = progress.status;
  }

  private transfer(progress: ProgressUpdate, digest: string, total: number): void {
    const completed = Math.min(progress.completed ?? 0, total);
    const layer = this.layers.get(digest);
    const due = layer !== undefined && !layer.finished && (completed === total || this.now() - layer.loggedAt >= this.intervalMs);
    if (layer && !due) return;
    const percent = Math.floor((completed / total) * 100);
    this.log(`${this.prefix}: ${progress.status} ${percent}% (${byteSize(completed)} of ${byteSize(total)})`);
    this.layers.set(digest, { loggedAt: this.now(), finished: completed === total });
  }
}
