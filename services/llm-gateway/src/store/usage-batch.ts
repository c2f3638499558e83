import type { UsageEntry } from "./conversation-store.ts";

/** Several requests' usage for one owner, day and model, added up. */
export interface UsageTotals extends UsageEntry {
  readonly requests: number;
}

interface Batch {
  readonly totals: Map<string, { -readonly [K in keyof UsageTotals]: UsageTotals[K] }>;
  readonly written: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Writes usage in batches instead of one query per request (group commit):
 * entries recorded while a write is on its way are added up per owner, day
 * and model and go in the next write, which starts as soon as that one is
 * done. Under load a query carries many requests; when idle, an entry is
 * written on the next turn of the event loop, so no timer delays a reader.
 * Each entry's promise settles when the write that carries it does.
 */
export class UsageBatch {
  #open: Batch | undefined;
  #last: Promise<void> = Promise.resolve();
  #writing = false;

  constructor(private readonly write: (totals: readonly UsageTotals[]) => Promise<void>) {}

  add(entry: UsageEntry): Promise<void> {
    const batch = (this.#open ??= this.#newBatch());
    const key = JSON.stringify([entry.owner, entry.day, entry.model]);
    const totals = batch.totals.get(key);
    if (totals) {
      totals.requests += 1;
      totals.promptTokens += entry.promptTokens;
      totals.completionTokens += entry.completionTokens;
      totals.reasoningTokens += entry.reasoningTokens;
    } else {
      batch.totals.set(key, { ...entry, requests: 1 });
    }
    if (!this.#writing) {
      this.#writing = true;
      setImmediate(() => this.#writeOpen());
    }
    return batch.written;
  }

  /** Resolves once everything added so far has been written or has failed; for shutdown. */
  async flush(): Promise<void> {
    await (this.#open?.written ?? this.#last).catch(() => undefined);
  }

  #newBatch(): Batch {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const written = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    const batch: Batch = { totals: new Map(), written, resolve, reject };
    this.#last = written;
    return batch;
  }

  #writeOpen(): void {
    const batch = this.#open;
    this.#open = undefined;
    if (!batch) {
      this.#writing = false;
      return;
    }
    this.write([...batch.totals.values()])
      .then(batch.resolve, batch.reject)
      .finally(() => this.#writeOpen());
  }
}
