import { randomUUID } from "node:crypto";
import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationStore } from "../store/conversation-store.ts";
import { pgliteClient } from "../store/pglite-client.ts";
import { postgresClient } from "../store/postgres-client.ts";
import { SqlConversationStore } from "../store/sql-store.ts";
import { startOllamaStub } from "../testing/ollama-stub.ts";
import { startTestGateway, type TestGateway } from "../testing/test-gateway.ts";
import { testKey } from "../testing/test-keys.ts";
import { utcMonthStart } from "./utc-day.ts";

const ALICE_KEY = testKey("alice");
const BOB_KEY = testKey("bob");
const WEBUI_KEY = testKey("webui");

/**
 * Quotas by day and month, by user and group, through the official client against the Ollama
 * stub, on each store. Users are named afresh per run, so a shared database needs no clean-up.
 */
function quotaContract(name: string, openStore: () => Promise<ConversationStore>) {
  describe(`token quotas per user and group (${name})`, () => {
    let gw: TestGateway;
    const run = randomUUID().slice(0, 8);
    const [alice, bob, person] = [`alice-${run}`, `bob-${run}`, (id: string) => `${id}-${run}`];

    beforeAll(async () => {
      const stub = await startOllamaStub([{ name: "llama3.2:1b", capabilities: ["completion"] }]);
      const store = await openStore();
      // Somebody behind Open WebUI already used this month's default quota earlier in the month.
      await store.recordUsage({
        owner: `key:open-webui/${person("spent")}`,
        day: utcMonthStart(new Date()),
        model: "fast",
        promptTokens: 6,
        completionTokens: 4,
        reasoningTokens: 0,
      });
      // Each chat of "Hi" costs the stub's 1 prompt + 3 completion tokens.
      gw = await startTestGateway({
        stub,
        store,
        env: {
          API_KEYS: `${alice}:${ALICE_KEY},${bob}:${BOB_KEY},open-webui:${WEBUI_KEY}`,
          MODEL_ALIASES: "fast=llama3.2:1b",
          FORWARDED_IDENTITY_USERS: "open-webui",
          API_KEY_GROUPS: `open-webui=chat,${bob}=staff`,
          MONTHLY_TOKEN_QUOTA: "10",
          TOKEN_QUOTAS: JSON.stringify([
            { group: "chat", daily: 4 },
            { group: "staff", monthly: 0 },
            { user: `key:${alice}`, monthly: 6 },
          ]),
        },
      });
    });

    afterAll(async () => {
      await gw.close();
      await gw.stub.close();
    });

    const client = (key: string, person?: string) =>
      new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0, defaultHeaders: person ? { "X-OpenWebUI-User-Id": person } : {} });
    const chat = (openai: OpenAI) => openai.chat.completions.create({ model: "fast", messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);

    it("holds each person behind Open WebUI to their group's daily quota, one person apart from the next", async () => {
      const ann = client(WEBUI_KEY, person("ann"));
      expect(await chat(ann)).not.toBeInstanceOf(Error);
      const refused = (await chat(ann)) as APIError;
      expect(refused).toBeInstanceOf(APIError);
      expect([refused.status, refused.code]).toEqual([429, "quota_exceeded"]);
      expect(refused.message).toMatch(
        /you have used 4 tokens today, your daily quota of 4 \(TOKEN_QUOTAS\[0\], group chat\); it renews at 00:00 UTC, in \d+ h \d+ min/,
      );
      expect(Number(refused.headers?.get("retry-after"))).toBeGreaterThan(0);
      expect(await chat(client(WEBUI_KEY, person("ben")))).not.toBeInstanceOf(Error);
    });

    it("counts the whole month, days before today included, against the monthly quota", async () => {
      const refused = (await chat(client(WEBUI_KEY, person("spent")))) as APIError;
      expect(refused.status).toBe(429);
      expect(refused.message).toMatch(
        /you have used 10 tokens this month, your monthly quota of 10 \(MONTHLY_TOKEN_QUOTA\); it renews on \d{4}-\d{2}-01 at 00:00 UTC, in /,
      );
      const retryAfter = Number(refused.headers?.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(31 * 86_400);
    });

    it("puts a user's own monthly quota before everybody's, and shows it in /v1/usage", async () => {
      const alice = client(ALICE_KEY);
      expect(await chat(alice)).not.toBeInstanceOf(Error);
      expect(await chat(alice)).not.toBeInstanceOf(Error);
      const refused = (await chat(alice)) as APIError;
      expect(refused.status).toBe(429);
      expect(refused.message).toMatch(/you have used 8 tokens this month, your monthly quota of 6 \(TOKEN_QUOTAS\[2\], user key:alice-[0-9a-f]{8}\)/);
      const usage = await (await gw.request("/v1/usage", { key: ALICE_KEY })).json();
      expect(usage.quota).toMatchObject({ daily_tokens: null, used_today: 8, monthly_tokens: 6, used_this_month: 8 });
      expect(usage.quota.month_renews_in_seconds).toBeGreaterThanOrEqual(usage.quota.renews_in_seconds);
    });

    it("lets a group lift a quota with 0: no quota holds, and /v1/usage says so", async () => {
      const bob = client(BOB_KEY);
      for (let i = 0; i < 4; i++) expect(await chat(bob)).not.toBeInstanceOf(Error);
      expect((await (await gw.request("/v1/usage", { key: BOB_KEY })).json()).quota).toBeNull();
    });
  });
}

quotaContract("embedded store", async () => SqlConversationStore.open("pglite", await pgliteClient(undefined)));

const databaseUrl = process.env.DATABASE_URL;
describe.skipIf(!databaseUrl)(databaseUrl ? "PostgreSQL store" : "PostgreSQL store (skipped: set DATABASE_URL to run it)", () => {
  quotaContract("PostgreSQL", async () => SqlConversationStore.open("postgres", postgresClient(databaseUrl as string)));
});
