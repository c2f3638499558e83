import { describe, expect, it } from "vitest";
import type { UsageEntry } from "./conversation-store.ts";
import { UsageBatch, type UsageBatchOptions, UsageNotWrittenError, UsageRefusedError, type UsageTotals } from "./usage-batch.ts";

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

/** A batch whose first write (of `first`) failed, its retry held off: what a store outage leaves. */
async function afterAFailedWrite(first = entry("alice", 1), options: UsageBatchOptions = {}) {
  const { writes, write } = heldWriter();
  const batch = new UsageBatch(write, { retryDelayMs: () => 60_000, ...options });
  void batch.add(first).catch(() => undefined);
  await turn();
  writes[0]?.finish(new Error("database gone"));
  await turn();
  return { writes, batch };
}

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

  it("fails only the promises of a failed write, and keeps its totals for the next one", async () => {
    const { writes, write } = heldWriter();
    const batch = new UsageBatch(write, { retryDelayMs: () => 0 });
    const failed = batch.add(entry("alice", 1, 2));
    await turn();
    writes[0]?.finish(new Error("database gone"));
    await expect(failed).rejects.toThrow("database gone");
    const later = batch.add(entry("alice", 10, 20));
    const other = batch.add(entry("bob", 5));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(writes).toHaveLength(2);
    expect(writes[1]?.totals).toEqual([
      { ...entry("alice", 11, 22), requests: 2 },
      { ...entry("bob", 5), requests: 1 },
    ]);
    writes[1]?.finish();
    await expect(Promise.all([later, other])).resolves.toBeDefined();
  });

  it("waits longer after each failure in a row and starts over after a success", async () => {
    const { writes, write } = heldWriter();
    const asked: number[] = [];
    const batch = new UsageBatch(write, { retryDelayMs: (failures) => (asked.push(failures), 0) });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    void batch.add(entry("alice", 1)).catch(() => undefined);
    await turn();
    writes[0]?.finish(new Error("down"));
    await pause();
    writes[1]?.finish(new Error("still down"));
    await pause();
    writes[2]?.finish();
    await pause();
    void batch.add(entry("alice", 1)).catch(() => undefined);
    await turn();
    writes[3]?.finish(new Error("down again"));
    await pause();
    expect(writes.map(({ totals }) => totals[0]?.requests)).toEqual([1, 1, 1, 1, 1]);
    expect(asked).toEqual([1, 2, 1]);
    writes[4]?.finish();
  });

  it("refuses new totals past the number it holds, and keeps adding to those it gathers", async () => {
    const { writes, batch } = await afterAFailedWrite(entry("alice", 1), { maxHeldKeys: 2 });
    void batch.add(entry("alice", 1)).catch(() => undefined);
    const refused = batch.add(entry("bob", 1));
    await expect(refused).rejects.toBeInstanceOf(UsageRefusedError);
    await expect(refused).rejects.toThrow("2 totals wait for the store already; this request's usage is dropped");
    const flushed = batch.flush();
    await turn();
    writes[1]?.finish(new Error("database still gone"));
    await expect(flushed).rejects.toThrow("the usage of 2 requests");
  });

  it("counts what gathers while a write hangs against the bound, not only what failed", async () => {
    const { write } = heldWriter();
    const batch = new UsageBatch(write, { maxHeldKeys: 3 });
    void batch.add(entry("alice", 1));
    await turn();
    // The first write never finishes: what arrives meanwhile waits in memory.
    void batch.add(entry("bob", 1));
    void batch.add(entry("carol", 1));
    await expect(batch.add(entry("dave", 1))).rejects.toBeInstanceOf(UsageRefusedError);
  });

  it("treats a write that throws at once as a failed write: kept, retried, nothing jammed", async () => {
    let calls = 0;
    const written: (readonly UsageTotals[])[] = [];
    const batch = new UsageBatch(
      (totals) => {
        calls += 1;
        if (calls === 1) throw new Error("pool closed");
        written.push(totals);
        return Promise.resolve();
      },
      { retryDelayMs: () => 0 },
    );
    await expect(batch.add(entry("alice", 1))).rejects.toThrow("pool closed");
    await batch.add(entry("alice", 2));
    expect(written).toEqual([[{ ...entry("alice", 3), requests: 2 }]]);
  });

  it("gives flushes that overlap the same outcome", async () => {
    const { writes, batch } = await afterAFailedWrite();
    const first = batch.flush();
    const second = batch.flush();
    await turn();
    writes[1]?.finish(new Error("database still gone"));
    await expect(first).rejects.toBeInstanceOf(UsageNotWrittenError);
    await expect(second).rejects.toBeInstanceOf(UsageNotWrittenError);
  });

  it("flush writes what waits for a retry at once, and names what it could not write", async () => {
    const { writes, batch } = await afterAFailedWrite(entry("alice", 3, 4));
    const flushed = batch.flush();
    await turn();
    expect(writes).toHaveLength(2);
    writes[1]?.finish(new Error("database still gone"));
    const error = await flushed.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageNotWrittenError);
    expect((error as UsageNotWrittenError).message).toBe(
      "the usage of 1 requests (1 owner, day and model totals) was not written: Error: database still gone",
    );
    expect((error as UsageNotWrittenError).totals).toEqual([{ ...entry("alice", 3, 4), requests: 1 }]);
  });

  it("flush resolves once a retried write succeeds", async () => {
    const { writes, batch } = await afterAFailedWrite();
    const flushed = batch.flush();
    await turn();
    writes[1]?.finish();
    await expect(flushed).resolves.toBeUndefined();
  });

  it("flush waits for everything added so far, including what is not yet being written", async () => {
    const { writes, write } = heldWriter();
    const batch = new UsageBatch(write);
    void batch.add(entry("alice", 1));
    await turn();
    const second = batch.add(entry("bob", 1));
    let flushed = false;
    const flush = batch.flush().then(() => (flushed = true));
    writes[0]?.finish();
    await turn();
    expect(flushed).toBe(false);
    writes[1]?.finish();
    await flush;
    expect(flushed).toBe(true);
    await expect(second).resolves.toBeUndefined();
  });

  it("flush resolves at once when nothing was added", async () => {
    await expect(new UsageBatch(heldWriter().write).flush()).resolves.toBeUndefined();
  });
});
