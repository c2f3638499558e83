import type { UsageEntry } from "./conversation-store.ts";

/** Several requests' usage for one owner, day and model, added up. */
export interface UsageTotals extends UsageEntry {
  readonly requests: number;
}

type Totals = Map<string, { -readonly [K in keyof UsageTotals]: UsageTotals[K] }>;

interface Batch {
  readonly totals: Totals;
  readonly written: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

export interface UsageBatchOptions {
  /**
   * How long to wait before writing again after the given number of failed writes in a row.
   * @default 250 ms, doubling, at most 5 s
   */
  readonly retryDelayMs?: (failures: number) => number;
  /**
   * Owner, day and model combinations held in memory at most (gathering, being written or
   * kept for a retry); past it, new ones are refused. Reached only while writes fail or hang.
   * @default 100,000
   */
  readonly maxHeldKeys?: number;
}

/** Rejects an entry the batch will not hold: the store has been failing or hanging for long. */
export class UsageRefusedError extends Error {
  constructor(held: number) {
    super(`usage writes are failing or hanging and ${held} totals wait for the store already; this request's usage is dropped`);
  }
}

/** Thrown by `flush` when usage could not be written before shutdown. */
export class UsageNotWrittenError extends Error {
  constructor(
    readonly totals: readonly UsageTotals[],
    cause: unknown,
  ) {
    const requests = totals.reduce((sum, { requests }) => sum + requests, 0);
    super(`the usage of ${requests} requests (${totals.length} owner, day and model totals) was not written: ${String(cause)}`, { cause });
  }
}

const defaultRetryDelayMs = (failures: number) => Math.min(5000, 250 * 2 ** (failures - 1));

/**
 * Writes usage in batches instead of one query per request (group commit):
 * entries recorded while a write is on its way are added up per owner, day
 * and model and go in the next write, which starts as soon as that one is
 * done. Under load a query carries many requests; when idle, an entry is
 * written on the next turn of the event loop, so no timer delays a reader.
 * Each entry's promise settles when the first write that carries it does.
 *
 * A failed write loses nothing: its totals are kept and added to the next
 * write, tried again after a growing delay, so a database that was away for
 * a while gets everything once it is back. A write that failed after the
 * database committed it is counted again by the retry: usage is written at
 * least once, not exactly once.
 */
export class UsageBatch {
  #open: Batch | undefined;
  /** Totals of failed writes, waiting for the next one. */
  #kept: Totals = new Map();
  /** The totals of the write on its way. */
  #sending: Totals = new Map();
  #flushing: Promise<void> | undefined;
  #writing = false;
  #failures = 0;
  #retry: { timer: NodeJS.Timeout; run: () => void } | undefined;
  /** Settles once the write on its way and its follow-up are decided; undefined when none is. */
  #inFlight: Promise<void> | undefined;
  #lastError: unknown;
  readonly #retryDelayMs: (failures: number) => number;
  readonly #maxHeldKeys: number;

  constructor(
    private readonly write: (totals: readonly UsageTotals[]) => Promise<void>,
    options: UsageBatchOptions = {},
  ) {
    this.#retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
    this.#maxHeldKeys = options.maxHeldKeys ?? 100_000;
  }

  add(entry: UsageEntry): Promise<void> {
    const key = JSON.stringify([entry.owner, entry.day, entry.model]);
    // Counted apart, a key in two of them counts twice: the bound errs on the safe side.
    const held = this.#kept.size + this.#sending.size + (this.#open?.totals.size ?? 0);
    if (held >= this.#maxHeldKeys && !this.#open?.totals.has(key)) return Promise.reject(new UsageRefusedError(held));
    const batch = (this.#open ??= this.#newBatch());
    addTo(batch.totals, key, { ...entry, requests: 1 });
    if (!this.#writing) {
      this.#writing = true;
      setImmediate(() => this.#writeOpen());
    }
    return batch.written;
  }

  /**
   * Writes everything added so far, without waiting out a retry delay; for shutdown.
   * Rejects with UsageNotWrittenError naming what is lost if the store still fails.
   * Calls while one is on its way share its outcome.
   */
  flush(): Promise<void> {
    return (this.#flushing ??= this.#flushOnce().finally(() => (this.#flushing = undefined)));
  }

  async #flushOnce(): Promise<void> {
    if (this.#retry) {
      clearTimeout(this.#retry.timer);
      this.#retry.run();
    } else if (this.#writing && !this.#inFlight) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    while (this.#inFlight) await this.#inFlight;
    if (!this.#retry) return;
    clearTimeout(this.#retry.timer);
    this.#retry = undefined;
    this.#writing = false;
    const open = this.#open;
    this.#open = undefined;
    for (const [key, value] of open?.totals ?? []) addTo(this.#kept, key, value);
    open?.reject(this.#lastError);
    throw new UsageNotWrittenError([...this.#kept.values()], this.#lastError);
  }

  #newBatch(): Batch {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const written = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    const batch: Batch = { totals: new Map(), written, resolve, reject };
    return batch;
  }

  #writeOpen(): void {
    this.#retry = undefined;
    const batch = this.#open;
    this.#open = undefined;
    const kept = this.#kept;
    if (!batch && kept.size === 0) {
      this.#writing = false;
      this.#inFlight = undefined;
      return;
    }
    const totals: Totals = new Map(kept);
    for (const [key, value] of batch?.totals ?? []) addTo(totals, key, value);
    this.#kept = new Map();
    this.#sending = totals;
    // A write that throws at once is a failed write like any other: kept and retried.
    this.#inFlight = Promise.resolve()
      .then(() => this.write([...totals.values()]))
      .then(
        () => {
          this.#failures = 0;
          this.#sending = new Map();
          batch?.resolve();
          this.#writeOpen();
        },
        (error: unknown) => {
          this.#sending = new Map();
          this.#failures += 1;
          this.#lastError = error;
          for (const [key, value] of totals) addTo(this.#kept, key, value);
          batch?.reject(error);
          const run = () => this.#writeOpen();
          // Unref'd: a pending retry alone does not keep the process up; shutdown flushes.
          this.#retry = { timer: setTimeout(run, this.#retryDelayMs(this.#failures)).unref(), run };
          this.#inFlight = undefined;
        },
      );
  }
}

function addTo(totals: Totals, key: string, entry: UsageTotals): void {
  const known = totals.get(key);
  if (!known) {
    totals.set(key, { ...entry });
    return;
  }
  known.requests += entry.requests;
  known.promptTokens += entry.promptTokens;
  known.completionTokens += entry.completionTokens;
  known.reasoningTokens += entry.reasoningTokens;
}
