import { randomUUID } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationStore } from "../store/conversation-store.ts";
import { pgliteClient } from "../store/pglite-client.ts";
import { postgresClient } from "../store/postgres-client.ts";
import { SqlConversationStore } from "../store/sql-store.ts";
import { startOllamaStub } from "../testing/ollama-stub.ts";
import { startOpenAiStub, type OpenAiStub } from "../testing/openai-stub.ts";
import { startTestGateway, type TestGateway } from "../testing/test-gateway.ts";
import { testKey } from "../testing/test-keys.ts";
import { utcDay } from "./utc-day.ts";

const ALICE_KEY = testKey("alice");
const BOB_KEY = testKey("bob");
const ROOT_KEY = testKey("root");
const WEBUI_KEY = testKey("webui");
const UPSTREAM_KEY = testKey("upstream");

/** Reads a stream to its end, as a client that wants the whole answer does. */
async function readAll(stream: AsyncIterable<unknown>): Promise<number> {
  let chunks = 0;
  for await (const chunk of stream) if (chunk) chunks += 1;
  return chunks;
}

/**
 * What `GET /v1/usage` reports after a mixed run over Ollama and a hosted model, and who may
 * read whose, through the official client on each store. Users are named afresh per run, so
 * a shared database needs no clean-up.
 */
function usageReportContract(name: string, openStore: () => Promise<ConversationStore>) {
  describe(`usage report with reasoning tokens and admins (${name})`, () => {
    let gw: TestGateway;
    let hosted: OpenAiStub;
    const run = randomUUID().slice(0, 8);
    const [alice, bob, root] = [`alice-${run}`, `bob-${run}`, `root-${run}`];
    const today = utcDay(new Date());
    const row = (model: string, requests: number, prompt: number, completion: number, reasoning: number) => ({
      date: today,
      model,
      requests,
      prompt_tokens: prompt,
      completion_tokens: completion,
      reasoning_tokens: reasoning,
      total_tokens: prompt + completion,
    });
    // Ollama's counts include thinking and never single it out, so its rows show no reasoning tokens.
    const aliceRows = [row("embed", 1, 3, 0, 0), row("fast", 1, 1, 3, 0), row("gpt", 2, 22, 14, 6), row("smart", 1, 1, 6, 0)];
    const bobRows = [row("fast", 1, 1, 3, 0)];

    const usage = (query: string, key: string, headers: Record<string, string> = {}) => gw.request(`/v1/usage${query}`, { key, headers });

    beforeAll(async () => {
      hosted = await startOpenAiStub();
      const stub = await startOllamaStub([
        { name: "llama3.2:1b", capabilities: ["completion"] },
        { name: "qwen3:8b", capabilities: ["completion", "thinking"], thinking: ["Let", " me", " think."] },
        { name: "nomic-embed-text", capabilities: ["embedding"] },
      ]);
      gw = await startTestGateway({
        stub,
        store: await openStore(),
        env: {
          API_KEYS: `${alice}:${ALICE_KEY},${bob}:${BOB_KEY},${root}:${ROOT_KEY},open-webui:${WEBUI_KEY}`,
          MODEL_ALIASES: "fast=llama3.2:1b,smart=qwen3:8b,embed=nomic-embed-text",
          HOSTED_MODELS: JSON.stringify([{ name: "gpt", baseUrl: hosted.url, model: "o4-mini", apiKeyEnv: "TEST_HOSTED_KEY", capabilities: ["thinking"] }]),
          TEST_HOSTED_KEY: UPSTREAM_KEY,
          FORWARDED_IDENTITY_USERS: "open-webui",
          API_KEY_GROUPS: `${root}=admins,open-webui=admins`,
        },
      });
      const as = (key: string) => new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0 });
      const hi = [{ role: "user" as const, content: "Hi" }];
      // Each "Hi" costs Ollama's stub 1 prompt and 3 answer tokens (3 more thinking on smart); the hosted stub reports 11, 7 and 3 reasoning.
      await as(ALICE_KEY).chat.completions.create({ model: "fast", messages: hi });
      await readAll(await as(ALICE_KEY).chat.completions.create({ model: "smart", messages: hi, stream: true, reasoning_effort: "high" }));
      await as(ALICE_KEY).chat.completions.create({ model: "gpt", messages: hi });
      await readAll(await as(ALICE_KEY).chat.completions.create({ model: "gpt", messages: hi, stream: true }));
      await as(ALICE_KEY).embeddings.create({ model: "embed", input: "Hello there" });
      await as(BOB_KEY).chat.completions.create({ model: "fast", messages: hi });
    });

    afterAll(async () => {
      await gw.close();
      await gw.stub.close();
      await hosted.close();
    });

    it("adds up prompt, completion and reasoning tokens per model, reasoning only as the hosted server reported it", async () => {
      const own = await (await usage("", ALICE_KEY)).json();
      expect(own).toEqual({ object: "usage", user: `key:${alice}`, quota: null, data: aliceRows });
      const metrics = await (await fetch(`${gw.metricsUrl}/metrics`)).text();
      expect(metrics).toContain(`llm_gateway_reasoning_tokens_total{model="gpt",user="key:${alice}"} 6`);
      expect(metrics).not.toMatch(/llm_gateway_reasoning_tokens_total\{model="smart"/);
    });

    it("shows an admin every user's rows, or one user's without their quota", async () => {
      const all = await (await usage("?all=true", ROOT_KEY)).json();
      expect(all.user).toBeNull();
      const ours = all.data.filter((entry: { user: string }) => [`key:${alice}`, `key:${bob}`].includes(entry.user));
      expect(ours).toEqual([...aliceRows.map((entry) => ({ user: `key:${alice}`, ...entry })), ...bobRows.map((entry) => ({ user: `key:${bob}`, ...entry }))]);
      const one = await (await usage(`?user=${encodeURIComponent(`key:${bob}`)}&days=1`, ROOT_KEY)).json();
      expect(one).toEqual({ object: "usage", user: `key:${bob}`, data: bobRows });
    });

    it("refuses anybody else's usage to a non-admin, naming the admin groups, and shows them their own", async () => {
      for (const [query, param] of [[`?user=key:${alice}`, "user"], ["?all=true", "all"]] as const) {
        const refused = await usage(query, BOB_KEY);
        expect(refused.status).toBe(403);
        const { error } = await refused.json();
        expect(error).toMatchObject({ code: "forbidden", param });
        expect(error.message).toMatch(/only members of a usage admin group \(USAGE_ADMIN_GROUPS: admins\) may read/);
        expect(JSON.stringify(error)).not.toContain("prompt_tokens");
      }
      expect((await (await usage(`?user=key:${bob}`, BOB_KEY)).json()).data).toEqual(bobRows);
    });

    it("does not make a person behind a forwarding key an admin through the key's groups", async () => {
      const person = await usage("?all=true", WEBUI_KEY, { "X-OpenWebUI-User-Id": `anna-${run}` });
      expect(person.status).toBe(403);
    });

    it("refuses bad query values with a 400 naming the field", async () => {
      for (const [query, param] of [
        ["?all=yes", "all"],
        ["?days=0", "days"],
        ["?user=", "user"],
        [`?all=true&user=key:${bob}`, "all"],
      ] as const) {
        const response = await usage(query, ROOT_KEY);
        expect(response.status, query).toBe(400);
        expect((await response.json()).error.param, query).toBe(param);
      }
    });
  });
}

usageReportContract("embedded store", async () => SqlConversationStore.open("pglite", await pgliteClient(undefined)));

const databaseUrl = process.env.DATABASE_URL;
describe.skipIf(!databaseUrl)(databaseUrl ? "PostgreSQL" : "PostgreSQL (skipped: set DATABASE_URL to run it)", () => {
  usageReportContract("PostgreSQL", async () => SqlConversationStore.open("postgres", postgresClient(databaseUrl as string)));
});
