import { describe, expect, it } from "vitest";
import type { UsageEntry, UsageRow, UsageStore } from "../store/conversation-store.ts";
import { Logger } from "../logging/logger.ts";
import { QuotaPolicy } from "./quota-policy.ts";
import { UsageRefusedError } from "../store/usage-batch.ts";
import { UsageLedger } from "./usage-ledger.ts";

const silent = new Logger("error", () => undefined);

/** A store whose reads return the rows as they were when the read began, and finish only when told to. */
class SlowReadStore implements UsageStore {
  readonly entries: UsageEntry[] = [];
  #finishRead: (() => void) | undefined;

  async recordUsage(entry: UsageEntry): Promise<void> {
    this.entries.push(entry);
  }

  async usageSince(owner: string): Promise<UsageRow[]> {
    const snapshot = this.entries.filter((entry) => entry.owner === owner);
    await new Promise<void>((resolve) => (this.#finishRead = resolve));
    return snapshot.map(({ day, model, promptTokens, completionTokens, reasoningTokens }) => ({ day, model, requests: 1, promptTokens, completionTokens, reasoningTokens }));
  }

  allUsageSince(): Promise<never> {
    throw new Error("not used");
  }

  finishRead(): void {
    this.#finishRead?.();
  }
}

describe("UsageLedger", () => {
  it("still counts a request recorded while the user's totals were being read", async () => {
    const store = new SlowReadStore();
    const ledger = new UsageLedger(store, silent, new QuotaPolicy({ daily: 10, monthly: 0, rules: [] }), () => new Date("2026-12-02T10:00:00Z"));
    const reading = ledger.used("key:alice");
    await new Promise((resolve) => setImmediate(resolve));
    // Lands after the read's snapshot: the read cannot see it.
    ledger.record("key:alice", "fast", { promptTokens: 4, completionTokens: 6 });
    await ledger.written();
    store.finishRead();
    expect((await reading).today).toBe(0);

    const next = ledger.used("key:alice");
    await new Promise((resolve) => setImmediate(resolve));
    store.finishRead();
    expect(await next).toMatchObject({ today: 10, thisMonth: 10 });
    await expect(ledger.checkQuota({ user: "key:alice", groups: [] })).rejects.toMatchObject({ status: 429 });
  });

  it("reads a user's totals again while their usage waits for a retried write", async () => {
    const rows: UsageRow[] = [];
    let failWrites = true;
    const store: UsageStore = {
      recordUsage: async ({ day, model, promptTokens, completionTokens, reasoningTokens }) => {
        if (failWrites) throw new Error("database gone");
        rows.push({ day, model, requests: 1, promptTokens, completionTokens, reasoningTokens });
      },
      usageSince: async () => [...rows],
      allUsageSince: async () => [],
    };
    const ledger = new UsageLedger(store, silent, new QuotaPolicy({ daily: 10, monthly: 0, rules: [] }), () => new Date("2026-12-02T10:00:00Z"));
    ledger.record("key:alice", "fast", { promptTokens: 4, completionTokens: 6 });
    await ledger.written();
    // The store has not got the failed write's 10 tokens yet; these totals must not stick.
    expect(await ledger.used("key:alice")).toMatchObject({ today: 0 });
    failWrites = false;
    rows.push({ day: "2026-12-02", model: "fast", requests: 1, promptTokens: 4, completionTokens: 6, reasoningTokens: 0 });
    expect(await ledger.used("key:alice")).toMatchObject({ today: 10 });
    await expect(ledger.checkQuota({ user: "key:alice", groups: [] })).rejects.toMatchObject({ status: 429 });
  });

  it("logs usage the store refused to hold as dropped, not as kept", async () => {
    const lines: string[] = [];
    const store: UsageStore = {
      recordUsage: async () => Promise.reject(new UsageRefusedError(100_000)),
      usageSince: async () => [],
      allUsageSince: async () => [],
    };
    const ledger = new UsageLedger(store, new Logger("info", (line) => void lines.push(line)), new QuotaPolicy({ daily: 10, monthly: 0, rules: [] }));
    ledger.record("key:alice", "fast", { promptTokens: 4, completionTokens: 6 });
    await ledger.written();
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(["usage dropped"]);
  });
});
