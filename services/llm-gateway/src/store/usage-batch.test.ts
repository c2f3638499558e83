import { describe, expect, it } from "vitest";
import type { UsageEntry } from "./conversation-store.ts";
import { UsageBatch, type UsageTotals } from "./usage-batch.ts";

const entry = (owner: string, promptTokens: number, completionTokens = 0, model = "fast", reasoningTokens = 0): UsageEntry => ({
  owner,
  day: "2026-01-01",
  model,
  promptTokens,
  completionTokens,
  reasoningTokens,
});

/** A writer that holds each write open until the test lets it finish. */
function heldWriter() {
  const writes: { totals: readonly UsageTotals[]; finish: (error?: Error) => void }[] = [];
  const write = (totals: readonly UsageTotals[]) =>
    new Promise<void>((resolve, reject) => writes.push({ totals, finish: (error) => (error ? reject(error) : resolve()) }));
  return { writes, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("UsageBatch", () => {
  it("writes the entries of one turn in one write, added up per owner, day and model", async () => {
    const { writes, write } = heldWriter();
    const batch = new UsageBatch(write);
    const done = [
      batch.add(entry("alice", 10, 5, "fast", 3)),
      batch.add(entry("alice", 1, 2, "fast", 1)),
      batch.add(entry("bob", 7)),
      batch.add(entry("alice", 3, 0, "embed")),
    ];
    await turn();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.totals).toEqual([
      { ...entry("alice", 11, 7, "fast", 4), requests: 2 },
      { ...entry("bob", 7), requests: 1 },
      { ...entry("alice", 3, 0, "embed"), requests: 1 },
    ]);
    writes[0]?.finish();
    await expect(Promise.all(done)).resolves.toBeDefined();
  });

  it("gathers what arrives during a write into the next one, started when that write is done", async () => {
    const { writes, write } = heldWriter();
    const batch = new UsageBatch(write);
    const first = batch.add(entry("alice", 1));
    await turn();
    const later = [batch.add(entry("alice", 2)), batch.add(entry("bob", 3))];
    await turn();
    expect(writes).toHaveLength(1);
    writes[0]?.finish();
    await first;
    await turn();
    expect(writes.map(({ totals }) => totals.map(({ owner, requests }) => [owner, requests]))).toEqual([[["alice", 1]], [["alice", 1], ["bob", 1]]]);
    writes[1]?.finish();
    await Promise.all(later);
  });

  it("fails only the entries of a failed write", async () => {
    const { writes, write } = heldWriter();
    const batch = new UsageBatch(write);
    const lost = batch.add(entry("alice", 1));
    await turn();
    const kept = batch.add(entry("bob", 1));
    writes[0]?.finish(new Error("database gone"));
    await expect(lost).rejects.toThrow("database gone");
    await turn();
    writes[1]?.finish();
    await expect(kept).resolves.toBeUndefined();
  });

  it("flush waits for everything added so far, including what is not yet being written", async () => {
    const { writes, write } = heldWriter();
    const batch = new UsageBatch(write);
    void batch.add(entry("alice", 1));
    await turn();
    const second = batch.add(entry("bob", 1)).catch((error: Error) => error.message);
    let flushed = false;
    const flush = batch.flush().then(() => (flushed = true));
    writes[0]?.finish();
    await turn();
    expect(flushed).toBe(false);
    writes[1]?.finish(new Error("database gone"));
    await flush;
    expect(flushed).toBe(true);
    expect(await second).toBe("database gone");
  });

  it("flush resolves at once when nothing was added", async () => {
    await expect(new UsageBatch(heldWriter().write).flush()).resolves.toBeUndefined();
  });
});
