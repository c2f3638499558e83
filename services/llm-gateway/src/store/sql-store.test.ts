import { randomInt, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { OwnerLimitError, type ConversationStore, type OwnerLimits } from "./conversation-store.ts";
import { pgliteClient } from "./pglite-client.ts";
import { postgresClient } from "./postgres-client.ts";
import { baseSchemaStatements, migrations } from "./schema.ts";
import type { SqlClient } from "./sql-client.ts";
import { SqlConversationStore } from "./sql-store.ts";

const roomy: OwnerLimits = { maxConversations: 1000, maxStoredBytes: 64 * 1024 * 1024 };

/**
 * The same contract for every backend. Each test works with users of its own,
 * so the suite needs no clean-up and can share a database with other runs.
 */
function storeContract(name: string, open: () => Promise<ConversationStore>, reopen: () => Promise<ConversationStore>) {
  describe(name, () => {
    let store: ConversationStore;
    const user = () => `user-${randomUUID()}`;

    beforeAll(async () => {
      store = await open();
    });

    afterAll(async () => {
      await store.close();
    });

    it("creates a conversation and reads it back with its messages in order", async () => {
      const owner = user();
      const created = await store.create({ owner, title: "Plans", system: "Be brief.", model: "fast" }, roomy);
      expect(created).toMatchObject({ owner, title: "Plans", system: "Be brief.", model: "fast" });
      expect(
        await store.append(owner, created.id, [
          { role: "user", content: "one" },
          { role: "assistant", content: "two", reasoning: "hmm", model: "fast", promptTokens: 3, completionTokens: 1 },
          { role: "user", content: "three" },
        ]),
      ).toBe(true);
      const read = await store.get(owner, created.id);
      expect(read?.messages.map((message) => message.content)).toEqual(["one", "two", "three"]);
      expect(read?.messages[1]).toMatchObject({ role: "assistant", reasoning: "hmm", promptTokens: 3, completionTokens: 1 });
    });

    it("keeps tool calls and the results that answer them, counting their bytes", async () => {
      const owner = user();
      const { id } = await store.create({ owner }, roomy);
      const calls = [{ id: "call_1", name: "get_weather", arguments: '{"city":"Oslo"}' }];
      await store.append(owner, id, [
        { role: "user", content: "Weather?" },
        { role: "assistant", content: "", toolCalls: calls },
        { role: "tool", content: "sunny", toolCallId: "call_1" },
      ]);
      const read = await store.get(owner, id);
      expect(read?.messages.map(({ role, toolCalls, toolCallId }) => ({ role, toolCalls, toolCallId }))).toEqual([
        { role: "user", toolCalls: null, toolCallId: null },
        { role: "assistant", toolCalls: calls, toolCallId: null },
        { role: "tool", toolCalls: null, toolCallId: "call_1" },
      ]);
      expect((await store.usage(owner)).storedBytes).toBe(8 + JSON.stringify(calls).length + 5);
    });

    it("lists only the owner's conversations, most recently used first", async () => {
      const owner = user();
      const first = await store.create({ owner }, roomy);
      const second = await store.create({ owner }, roomy);
      await store.create({ owner: user() }, roomy);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.append(owner, first.id, [{ role: "user", content: "bump" }]);
      expect((await store.list(owner, { limit: 10 })).conversations.map(({ id }) => id)).toEqual([first.id, second.id]);
    });

    it("pages the list with a position, leaving system prompts out", async () => {
      const owner = user();
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        ids.unshift((await store.create({ owner, system: "x".repeat(1000) }, roomy)).id);
        // Newest first is by time; PGlite's clock can give two quick creates the same one (then the ids decide).
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const first = await store.list(owner, { limit: 2 });
      expect(first.conversations.map(({ id }) => id)).toEqual(ids.slice(0, 2));
      expect(first.conversations[0]).not.toHaveProperty("system");
      const second = await store.list(owner, { limit: 2, after: first.next });
      const third = await store.list(owner, { limit: 2, after: second.next });
      expect([...second.conversations, ...third.conversations].map(({ id }) => id)).toEqual(ids.slice(2));
      expect(third.next).toBeUndefined();
    });

    it("refuses a conversation past the owner's count or byte limit, and counts what is stored", async () => {
      const owner = user();
      const limits = { maxConversations: 2, maxStoredBytes: 100 };
      const { id } = await store.create({ owner, title: "ü" }, limits);
      await store.append(owner, id, [{ role: "user", content: "12345" }, { role: "assistant", content: "abc", reasoning: "de" }]);
      expect(await store.usage(owner)).toEqual({ conversations: 1, storedBytes: 12 });
      await expect(store.create({ owner, system: "s".repeat(89) }, limits)).rejects.toMatchObject({ limit: "bytes" });
      await store.create({ owner, system: "s".repeat(88) }, limits);
      const full = await store.create({ owner }, limits).catch((error: unknown) => error);
      expect(full).toBeInstanceOf(OwnerLimitError);
      expect(full).toMatchObject({ limit: "conversations", usage: { conversations: 2, storedBytes: 100 } });
      await store.delete(owner, id);
      expect(await store.usage(owner)).toEqual({ conversations: 1, storedBytes: 88 });
    });

    it("reads only the newest messages that fit a character budget", async () => {
      const owner = user();
      const { id } = await store.create({ owner }, roomy);
      await store.append(owner, id, ["old-old", "older", "new", "newest"].map((content) => ({ role: "user" as const, content })));
      expect((await store.recent(owner, id, 9)).map(({ content }) => content)).toEqual(["new", "newest"]);
      expect((await store.recent(owner, id, 1000)).map(({ content }) => content)).toEqual(["old-old", "older", "new", "newest"]);
      expect(await store.recent(user(), id, 1000)).toEqual([]);
    });

    it("keeps a NUL the model wrote as a visible stand-in instead of failing", async () => {
      const owner = user();
      const { id } = await store.create({ owner }, roomy);
      expect(await store.append(owner, id, [{ role: "assistant", content: "a\u0000b" }])).toBe(true);
      expect((await store.get(owner, id))?.messages[0]?.content).toBe("a\uFFFDb");
    });

    it("never lets another user read, continue or delete a conversation", async () => {
      const owner = user();
      const intruder = user();
      const { id } = await store.create({ owner }, roomy);
      expect(await store.get(intruder, id)).toBeUndefined();
      expect(await store.append(intruder, id, [{ role: "user", content: "sneaky" }])).toBe(false);
      expect(await store.delete(intruder, id)).toBe(false);
      expect((await store.get(owner, id))?.messages).toEqual([]);
    });

    it("deletes a conversation with its messages", async () => {
      const owner = user();
      const { id } = await store.create({ owner }, roomy);
      await store.append(owner, id, [{ role: "user", content: "bye" }]);
      expect(await store.delete(owner, id)).toBe(true);
      expect(await store.get(owner, id)).toBeUndefined();
      expect(await store.delete(owner, id)).toBe(false);
    });

    it("treats an id that is not a UUID as absent instead of failing", async () => {
      const owner = user();
      expect(await store.get(owner, "../etc/passwd")).toBeUndefined();
      expect(await store.append(owner, "1 OR 1=1", [{ role: "user", content: "x" }])).toBe(false);
      expect(await store.delete(owner, "")).toBe(false);
    });

    it("keeps history across a restart", async () => {
      const owner = user();
      const { id } = await store.create({ owner, title: "durable" }, roomy);
      await store.append(owner, id, [{ role: "user", content: "remember me" }]);
      await store.close();
      store = await reopen();
      expect((await store.get(owner, id))?.messages.map(({ content }) => content)).toEqual(["remember me"]);
    });

    it("adds up usage per user, day and model, reasoning tokens included", async () => {
      const owner = user();
      await store.recordUsage({ owner, day: "2026-01-01", model: "fast", promptTokens: 10, completionTokens: 5, reasoningTokens: 2 });
      await store.recordUsage({ owner, day: "2026-01-01", model: "fast", promptTokens: 1, completionTokens: 2, reasoningTokens: 1 });
      await store.recordUsage({ owner, day: "2026-01-02", model: "embed", promptTokens: 7, completionTokens: 0, reasoningTokens: 0 });
      await store.recordUsage({ owner: user(), day: "2026-01-02", model: "fast", promptTokens: 99, completionTokens: 99, reasoningTokens: 9 });
      expect(await store.usageSince(owner, "2026-01-01")).toEqual([
        { day: "2026-01-02", model: "embed", requests: 1, promptTokens: 7, completionTokens: 0, reasoningTokens: 0 },
        { day: "2026-01-01", model: "fast", requests: 2, promptTokens: 11, completionTokens: 7, reasoningTokens: 3 },
      ]);
      expect(await store.usageSince(owner, "2026-01-02")).toHaveLength(1);
    });

    it("reads every owner's usage for an admin, newest day first, then by owner and model", async () => {
      // A day of its own, far ahead, so rows other tests write in a shared database stay out of it.
      const day = `2${randomInt(100, 999)}-03-04`;
      const [anna, bert] = [`a-${user()}`, `b-${user()}`];
      await store.recordUsage({ owner: bert, day, model: "fast", promptTokens: 2, completionTokens: 3, reasoningTokens: 1 });
      await store.recordUsage({ owner: anna, day, model: "smart", promptTokens: 4, completionTokens: 5, reasoningTokens: 0 });
      const rows = (await store.allUsageSince(day)).filter((row) => row.day === day && [anna, bert].includes(row.owner));
      expect(rows).toEqual([
        { owner: anna, day, model: "smart", requests: 1, promptTokens: 4, completionTokens: 5, reasoningTokens: 0 },
        { owner: bert, day, model: "fast", requests: 1, promptTokens: 2, completionTokens: 3, reasoningTokens: 1 },
      ]);
    });

    it("writes the usage recorded just before it closes", async () => {
      const owner = user();
      const recorded = [
        store.recordUsage({ owner, day: "2026-01-01", model: "fast", promptTokens: 4, completionTokens: 1, reasoningTokens: 0 }),
        store.recordUsage({ owner, day: "2026-01-01", model: "fast", promptTokens: 2, completionTokens: 3, reasoningTokens: 0 }),
      ];
      await store.close();
      await Promise.all(recorded);
      store = await reopen();
      expect(await store.usageSince(owner, "2026-01-01")).toEqual([
        { day: "2026-01-01", model: "fast", requests: 2, promptTokens: 6, completionTokens: 4, reasoningTokens: 0 },
      ]);
    });

    it("reports itself ready", async () => {
      expect(await store.ready()).toBe(true);
    });
  });
}

let pgliteDir: string;
beforeAll(async () => {
  pgliteDir = await mkdtemp(join(tmpdir(), "llm-gateway-store-"));
});
afterAll(async () => {
  await rm(pgliteDir, { recursive: true, force: true });
});

const openPglite = async () => SqlConversationStore.open("pglite", await pgliteClient(pgliteDir));
storeContract("embedded store (PGlite on disk)", openPglite, openPglite);

const databaseUrl = process.env.DATABASE_URL;
const openPostgres = () => SqlConversationStore.open("postgres", postgresClient(databaseUrl as string));
const postgresSuite = databaseUrl ? "PostgreSQL store" : "PostgreSQL store (skipped: set DATABASE_URL to run it)";
describe.skipIf(!databaseUrl)(postgresSuite, () => {
  storeContract(`PostgreSQL at ${databaseUrl?.replace(/\/\/[^@]*@/, "//")}`, openPostgres, openPostgres);
  migrationContract("PostgreSQL", "postgres", async () => {
    const database = await freshPostgresDatabase(databaseUrl as string);
    return { client: () => postgresClient(database.url), dispose: database.drop };
  });
});

describe("usage when a write fails", () => {
  it("keeps the failed write's usage and writes it with the next one", async () => {
    const directory = await mkdtemp(join(tmpdir(), "llm-gateway-usage-retry-"));
    const client = await pgliteClient(directory);
    let failNextUsageWrite = true;
    const flaky: SqlClient = {
      ...client,
      query: async (sql, params) => {
        if (failNextUsageWrite && /INSERT INTO llm_usage/.test(sql)) {
          failNextUsageWrite = false;
          throw new Error("connection terminated unexpectedly");
        }
        return client.query(sql, params);
      },
    };
    const store = await SqlConversationStore.open("pglite", flaky);
    try {
      const usage = (promptTokens: number) => ({ owner: "key:alice", day: "2026-01-01", model: "fast", promptTokens, completionTokens: 1, reasoningTokens: 0 });
      await expect(store.recordUsage(usage(10))).rejects.toThrow("connection terminated unexpectedly");
      await store.recordUsage(usage(5));
      expect(await store.usageSince("key:alice", "2026-01-01")).toEqual([
        { day: "2026-01-01", model: "fast", requests: 2, promptTokens: 15, completionTokens: 2, reasoningTokens: 0 },
      ]);
    } finally {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

migrationContract("embedded store (PGlite)", "pglite", async () => {
  const directory = await mkdtemp(join(tmpdir(), "llm-gateway-migration-"));
  return { client: () => pgliteClient(directory), dispose: () => rm(directory, { recursive: true, force: true }) };
});

/** A store written by the first release, opened by this one. */
function migrationContract(
  name: string,
  kind: ConversationStore["kind"],
  fresh: () => Promise<{ client: () => SqlClient | Promise<SqlClient>; dispose: () => Promise<void> }>,
) {
  describe(`${name}: migrating a store written before owners carried their method`, () => {
    it("makes every existing owner an API-key owner, counts stored bytes, and does so once", async () => {
      const database = await fresh();
      try {
        const old = await database.client();
        for (const statement of baseSchemaStatements) await old.query(statement);
        const id = randomUUID();
        await old.query(`INSERT INTO llm_conversations (id, owner, title, system_prompt) VALUES ($1, 'alice', 'Trip', 'Be brief.')`, [id]);
        await old.query(`INSERT INTO llm_messages (conversation_id, role, content, reasoning) VALUES ($1, 'assistant', 'Lisbon', 'hmm')`, [id]);
        await old.close();

        let store = await SqlConversationStore.open(kind, await database.client());
        expect(await store.get("alice", id)).toBeUndefined();
        expect(await store.get("oidc:alice", id)).toBeUndefined();
        expect((await store.get("key:alice", id))?.messages.map(({ content }) => content)).toEqual(["Lisbon"]);
        expect(await store.usage("key:alice")).toEqual({ conversations: 1, storedBytes: 4 + 9 + 6 + 3 });
        await store.close();

        store = await SqlConversationStore.open(kind, await database.client());
        expect((await store.find("key:alice", id))?.owner).toBe("key:alice");
        await store.close();
      } finally {
        await database.dispose();
      }
    });
  });

  describe(`${name}: migrating usage written before reasoning tokens were counted`, () => {
    it("keeps each row's counts, with no reasoning tokens, and adds reasoning from then on", async () => {
      const database = await fresh();
      try {
        const old = await database.client();
        await old.transaction(async (tx) => {
          for (const statement of baseSchemaStatements) await tx.query(statement);
          await tx.query(`CREATE TABLE llm_schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
          for (const migration of migrations.filter(({ id }) => id < "0006")) {
            for (const statement of migration.statements) await tx.query(statement);
            await tx.query(`INSERT INTO llm_schema_migrations (id) VALUES ($1)`, [migration.id]);
          }
          await tx.query(
            `INSERT INTO llm_usage (owner, day, model, requests, prompt_tokens, completion_tokens) VALUES ('key:alice', '2026-01-01', 'fast', 2, 10, 20)`,
          );
        });
        await old.close();

        const store = await SqlConversationStore.open(kind, await database.client());
        await store.recordUsage({ owner: "key:alice", day: "2026-01-01", model: "fast", promptTokens: 1, completionTokens: 5, reasoningTokens: 4 });
        expect(await store.usageSince("key:alice", "2026-01-01")).toEqual([
          { day: "2026-01-01", model: "fast", requests: 3, promptTokens: 11, completionTokens: 25, reasoningTokens: 4 },
        ]);
        await store.close();
      } finally {
        await database.dispose();
      }
    });
  });
}

/** An empty database beside the test database, so a migration starts from nothing. */
async function freshPostgresDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `llm_gateway_migration_${randomUUID().replaceAll("-", "")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return { url: fresh.toString(), drop: () => admin(`DROP DATABASE ${name}`) };
}
