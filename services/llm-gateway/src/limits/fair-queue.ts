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

/**
 * A bounded queue in front of Ollama that hands out `parallelism` slots.
 * Waiting requests are served round-robin across users, so a user with a
 * hundred queued requests gets one slot in turn with a user who has one.
 */
export class FairQueue {
  readonly #waiting = new Map<string, Waiter[]>();
  #running = 0;
  #queued = 0;

  constructor(
    readonly parallelism: number,
    readonly capacity: number,
  ) {}

  get running(): number {
    return this.#running;
  }

  get depth(): number {
    return this.#queued;
  }

  acquire(user: string, signal?: AbortSignal): Promise<Release> {
    signal?.throwIfAborted();
    if (this.#running < this.parallelism) {
      this.#running += 1;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queued >= this.capacity) return Promise.reject(new QueueFullError(this.capacity));
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

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#handOver();
    };
  }

  /**
   * Gives the freed slot to the user at the front of the rotation, then moves
   * that user to the back (Map keeps insertion order, so delete and re-set rotates).
   */
  #handOver(): void {
    const next = this.#waiting.entries().next();
    if (next.done) {
      this.#running -= 1;
      return;
    }
    const [user, queue] = next.value;
    const waiter = queue.shift() as Waiter;
    this.#waiting.delete(user);
    if (queue.length > 0) this.#waiting.set(user, queue);
    this.#queued -= 1;
    waiter.grant(this.#releaser());
  }
}
