import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.ts";

describe("RateLimiter", () => {
  it("allows a burst, then refills at the per-minute rate", () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now);
    expect([1, 2, 3].map(() => limiter.take("alice").allowed)).toEqual([true, true, true]);
    expect(limiter.take("alice")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limiter.take("alice").allowed).toBe(true);
    expect(limiter.take("alice").allowed).toBe(false);
  });

  it("keeps users apart", () => {
    const limiter = new RateLimiter(1, 1, () => 0);
    expect(limiter.take("alice").allowed).toBe(true);
    expect(limiter.take("alice")).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.take("bob").allowed).toBe(true);
  });

  it("forgets users whose bucket has refilled", () => {
    let now = 0;
    const limiter = new RateLimiter(60, 2, () => now);
    limiter.take("alice");
    limiter.take("bob");
    now += 500;
    limiter.take("bob");
    now += 600;
    limiter.sweep();
    expect(limiter.trackedUsers).toBe(1);
  });
});
