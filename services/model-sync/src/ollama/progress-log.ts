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
  private layer: string | undefined;
  private layerDone = false;
  private lastTransferLineAt = Number.NEGATIVE_INFINITY;

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
    const newLayer = digest !== this.layer;
    const finished = completed === total && (newLayer || !this.layerDone);
    const due = this.now() - this.lastTransferLineAt >= this.intervalMs;
    if (newLayer || finished || due) {
      const percent = Math.floor((completed / total) * 100);
      this.log(`${this.prefix}: ${progress.status} ${percent}% (${byteSize(completed)} of ${byteSize(total)})`);
      this.lastTransferLineAt = this.now();
    }
    this.layerDone = (!newLayer && this.layerDone) || completed === total;
    this.layer = digest;
  }
}
