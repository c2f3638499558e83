import type { Release } from "./stream-slots.ts";

export class QueueFullError extends Error {
  constructor(readonly capacity: number) {
    super(`the queue in front of Ollama is full (${capacity} waiting)`);
    this.name = "QueueFullError";
  }
}

interface Waiter {
  readonly grant: (release: Release) => void;
  readonly reject: (reason: unknown) => void;
}

export interface FairQueueLimits {
  /** Slots in total: requests Ollama works on at once. */
  readonly parallelism: number;
  /** Slots one user may hold at once; below `parallelism`, the rest stay free for other users. */
  readonly perUser: number;
  /** Requests that may wait before new ones are refused. */
  readonly capacity: number;
}

/**
 * A bounded queue in front of Ollama that hands out `parallelism` slots, no
 * more than `perUser` of them to one user. A user at that ceiling waits even
 * while a slot is free, so a flood from one user leaves a slot for the next
 * user to arrive without stopping any answer already running. Waiting
 * requests are served round-robin across users, so a user with a hundred
 * queued requests gets one slot in turn with a user who has one.
 */
export class FairQueue {
  readonly #waiting = new Map<string, Waiter[]>();
  readonly #runningBy = new Map<string, number>();
  #running = 0;
  #queued = 0;

  constructor(readonly limits: FairQueueLimits) {}

  get running(): number {
    return this.#running;
  }

  get depth(): number {
    return this.#queued;
  }

  acquire(user: string, signal?: AbortSignal): Promise<Release> {
    signal?.throwIfAborted();
    if (this.#mayRun(user) && !this.#waiting.has(user)) return Promise.resolve(this.#grantTo(user));
    if (this.#queued >= this.limits.capacity) return Promise.reject(new QueueFullError(this.limits.capacity));
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
        reject,
      };
      const onAbort = () => {
        if (this.#remove(user, waiter)) reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#enqueue(user, waiter);
    });
  }

  #mayRun(user: string): boolean {
    return this.#running < this.limits.parallelism && (this.#runningBy.get(user) ?? 0) < this.limits.perUser;
  }

  #grantTo(user: string): Release {
    this.#running += 1;
    this.#runningBy.set(user, (this.#runningBy.get(user) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running -= 1;
      const remaining = (this.#runningBy.get(user) ?? 1) - 1;
      if (remaining === 0) this.#runningBy.delete(user);
      else this.#runningBy.set(user, remaining);
      this.#handOver();
    };
  }

  #enqueue(user: string, waiter: Waiter): void {
    const queue = this.#waiting.get(user);
    if (queue) queue.push(waiter);
    else this.#waiting.set(user, [waiter]);
    this.#queued += 1;
  }

  #remove(user: string, waiter: Waiter): boolean {
    const queue = this.#waiting.get(user);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index === -1) return false;
    queue.splice(index, 1);
    if (queue.length === 0) this.#waiting.delete(user);
    this.#queued -= 1;
    return true;
  }

  /**
   * Gives the freed slot to the first user in the rotation who is below the
   * per-user ceiling, then moves that user to the back (Map keeps insertion
   * order, so delete and re-set rotates).
   */
  #handOver(): void {
    for (const [user, queue] of this.#waiting) {
      if (!this.#mayRun(user)) continue;
      const waiter = queue.shift() as Waiter;
      this.#waiting.delete(user);
      if (queue.length > 0) this.#waiting.set(user, queue);
      this.#queued -= 1;
      waiter.grant(this.#grantTo(user));
      return;
    }
  }
}
