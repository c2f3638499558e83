import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationStore } from "./conversation-store.ts";
import { pgliteClient } from "./pglite-client.ts";
import { postgresClient } from "./postgres-client.ts";
import { SqlConversationStore } from "./sql-store.ts";

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
      const created = await store.create({ owner, title: "Plans", system: "Be brief.", model: "fast" });
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

    it("lists only the owner's conversations, most recently used first", async () => {
      const owner = user();
      const first = await store.create({ owner });
      const second = await store.create({ owner });
      await store.create({ owner: user() });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.append(owner, first.id, [{ role: "user", content: "bump" }]);
      expect((await store.list(owner)).map(({ id }) => id)).toEqual([first.id, second.id]);
    });

    it("never lets another user read, continue or delete a conversation", async () => {
      const owner = user();
      const intruder = user();
      const { id } = await store.create({ owner });
      expect(await store.get(intruder, id)).toBeUndefined();
      expect(await store.append(intruder, id, [{ role: "user", content: "sneaky" }])).toBe(false);
      expect(await store.delete(intruder, id)).toBe(false);
      expect((await store.get(owner, id))?.messages).toEqual([]);
    });

    it("deletes a conversation with its messages", async () => {
      const owner = user();
      const { id } = await store.create({ owner });
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
      const { id } = await store.create({ owner, title: "durable" });
      await store.append(owner, id, [{ role: "user", content: "remember me" }]);
      await store.close();
      store = await reopen();
      expect((await store.get(owner, id))?.messages.map(({ content }) => content)).toEqual(["remember me"]);
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
});
