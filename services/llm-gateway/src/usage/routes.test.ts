import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaStub } from "../testing/ollama-stub.ts";
import { ALICE_KEY, BOB_KEY, chatBody, readSse, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";
import { isUsageAdmin } from "./routes.ts";
import { utcDay } from "./utc-day.ts";

describe("usage per person", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    const stub = await startOllamaStub([
      { name: "llama3.2:1b", capabilities: ["completion"] },
      { name: "nomic-embed-text", capabilities: ["embedding"] },
    ]);
    // Each chat of "Hi" costs the stub's 1 prompt + 3 completion tokens; an embedding of "Hello there" 3 prompt tokens.
    gw = await startTestGateway({ stub, env: { MODEL_ALIASES: "fast=llama3.2:1b,embed=nomic-embed-text", DAILY_TOKEN_QUOTA: "12" } });
  });

  afterAll(async () => {
    await gw.close();
    await gw.stub.close();
  });

  const usageOf = async (key: string) => (await gw.request("/v1/usage", { key })).json();

  it("adds up a mixed run per user, day and model, and shows only the caller's own", async () => {
    await gw.request("/v1/chat/completions", { method: "POST", body: chatBody() });
    await readSse(await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ stream: true }) }));
    await gw.request("/v1/embeddings", { method: "POST", body: JSON.stringify({ model: "embed", input: "Hello there" }) });
    await gw.request("/v1/chat/completions", { method: "POST", body: chatBody(), key: BOB_KEY });

    const alice = await usageOf(ALICE_KEY);
    expect(alice.user).toBe("key:alice");
    const today = utcDay(new Date());
    expect(alice.data).toEqual([
      { date: today, model: "embed", requests: 1, prompt_tokens: 3, completion_tokens: 0, reasoning_tokens: 0, total_tokens: 3 },
      { date: today, model: "fast", requests: 2, prompt_tokens: 2, completion_tokens: 6, reasoning_tokens: 0, total_tokens: 8 },
    ]);
    expect(alice.quota).toMatchObject({ daily_tokens: 12, used_today: 11 });
    expect((await usageOf(BOB_KEY)).data).toEqual([
      { date: today, model: "fast", requests: 1, prompt_tokens: 1, completion_tokens: 3, reasoning_tokens: 0, total_tokens: 4 },
    ]);
  });

  it("refuses a user whose daily quota is spent with a 429 that says when it renews, and nobody else", async () => {
    const openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: ALICE_KEY, maxRetries: 0 });
    // 11 of 12 used: this one is let in, and passes the quota.
    await openai.chat.completions.create({ model: "fast", messages: [{ role: "user", content: "Hi" }] });
    const before = gw.stub.chats.length;
    const refused = await openai.chat.completions.create({ model: "fast", messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(APIError);
    expect((refused as APIError).status).toBe(429);
    expect((refused as APIError).code).toBe("quota_exceeded");
    expect((refused as APIError).message).toMatch(/you have used 15 tokens today, your daily quota of 12 \(DAILY_TOKEN_QUOTA\); it renews at 00:00 UTC/);
    expect(Number((refused as APIError).headers?.get("retry-after"))).toBeGreaterThan(0);
    const embedding = await gw.request("/v1/embeddings", { method: "POST", body: JSON.stringify({ model: "embed", input: "x" }) });
    expect(embedding.status).toBe(429);
    expect(gw.stub.chats.length).toBe(before);
    expect((await gw.request("/v1/chat/completions", { method: "POST", body: chatBody(), key: BOB_KEY })).status).toBe(200);
  });
});

describe("usage admins", () => {
  const admins = new Set(["admins"]);

  it("are those whose own sign-in puts them in an admin group: an OIDC token's groups or an API key's", () => {
    expect(isUsageAdmin({ user: "oidc:7d1e", groups: ["family", "admins"], method: "oidc" }, admins)).toBe(true);
    expect(isUsageAdmin({ user: "key:ops", groups: ["admins"], method: "api-key" }, admins)).toBe(true);
    expect(isUsageAdmin({ user: "oidc:9a2b", groups: ["family"], method: "oidc" }, admins)).toBe(false);
  });

  it("never include a person who only borrows a forwarding key's groups", () => {
    const person = { user: "key:open-webui/anna", groups: ["admins"], method: "api-key" as const, forwardedBy: "key:open-webui" };
    expect(isUsageAdmin(person, admins)).toBe(false);
  });
});
