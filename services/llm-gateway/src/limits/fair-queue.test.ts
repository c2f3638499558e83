import { describe, expect, it } from "vitest";
import { FairQueue, QueueFullError } from "./fair-queue.ts";
import type { Release } from "./stream-slots.ts";

describe("FairQueue", () => {
  it("runs up to its parallelism at once and queues the rest", async () => {
    const queue = new FairQueue({ parallelism: 2, perUser: 2, capacity: 10 });
    await queue.acquire("a");
    await queue.acquire("a");
    let third = false;
    void queue.acquire("a").then(() => (third = true));
    await Promise.resolve();
    expect(queue.running).toBe(2);
    expect(queue.depth).toBe(1);
    expect(third).toBe(false);
  });

  it("serves waiting users in turn, so one heavy user does not starve the others", async () => {
    const queue = new FairQueue({ parallelism: 1, perUser: 1, capacity: 100 });
    const granted: { user: string; release: Release }[] = [];
    const wait = (user: string) => void queue.acquire(user).then((release) => granted.push({ user, release }));
    let current = await queue.acquire("heavy");
    for (let i = 0; i < 3; i += 1) wait("heavy");
    wait("light");
    wait("other");
    for (let served = 0; served < 5; served += 1) {
      current();
      await new Promise((resolve) => setImmediate(resolve));
      current = (granted.at(-1) as { release: Release }).release;
    }
    expect(granted.map(({ user }) => user)).toEqual(["heavy", "light", "other", "heavy", "heavy"]);
  });

  it("keeps slots above a user's ceiling free for other users, without stopping running work", async () => {
    const queue = new FairQueue({ parallelism: 3, perUser: 2, capacity: 100 });
    const flood = [await queue.acquire("heavy"), await queue.acquire("heavy")];
    const waiting: string[] = [];
    for (let i = 0; i < 5; i += 1) void queue.acquire("heavy").then(() => waiting.push("heavy"));
    await Promise.resolve();
    expect(queue.running).toBe(2);
    expect(queue.depth).toBe(5);

    const light = await queue.acquire("light");
    expect(queue.running).toBe(3);
    light();
    expect(queue.running).toBe(2);

    (flood[0] as Release)();
    await Promise.resolve();
    expect(waiting).toEqual(["heavy"]);
    expect(queue.running).toBe(2);
  });

  it("refuses new work when the queue is full", async () => {
    const queue = new FairQueue({ parallelism: 1, perUser: 1, capacity: 1 });
    await queue.acquire("a");
    void queue.acquire("a");
    await expect(queue.acquire("b")).rejects.toBeInstanceOf(QueueFullError);
  });

  it("drops a waiter whose request was aborted", async () => {
    const queue = new FairQueue({ parallelism: 1, perUser: 1, capacity: 5 });
    const release = await queue.acquire("a");
    const aborted = new AbortController();
    const waiting = queue.acquire("b", aborted.signal);
    aborted.abort(new Error("client left"));
    await expect(waiting).rejects.toThrow("client left");
    expect(queue.depth).toBe(0);
    release();
    expect(queue.running).toBe(0);
  });

  it("gives a released slot back only once", async () => {
    const queue = new FairQueue({ parallelism: 1, perUser: 1, capacity: 5 });
    const release = await queue.acquire("a");
    release();
    release();
    expect(queue.running).toBe(0);
  });
});
