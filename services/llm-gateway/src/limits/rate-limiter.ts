import { monotonicClock, type Clock } from "./clock.ts";

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per user: `burst` requests at once, refilled at `perMinute`.
 * Full buckets are forgotten, so memory follows active users, not all users ever seen.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #refillPerMs: number;

  constructor(
    perMinute: number,
    private readonly burst: number,
    private readonly clock: Clock = monotonicClock,
  ) {
    this.#refillPerMs = perMinute / 60_000;
  }

  take(user: string): RateDecision {
    const now = this.clock();
    const bucket = this.#refill(user, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.#buckets.set(user, bucket);
      return { allowed: true };
    }
    const msUntilToken = (1 - bucket.tokens) / this.#refillPerMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msUntilToken / 1000)) };
  }

  /** Drops the buckets that have refilled completely; they hold nothing a new bucket would not. */
  sweep(): void {
    const now = this.clock();
    for (const [user] of this.#buckets) {
      if (this.#refill(user, now).tokens >= this.burst) this.#buckets.delete(user);
    }
  }

  get trackedUsers(): number {
    return this.#buckets.size;
  }

  #refill(user: string, now: number): Bucket {
    const bucket = this.#buckets.get(user) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs);
    bucket.updatedAt = now;
    return bucket;
  }
}
