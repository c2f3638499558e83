import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../store/open-store.ts";
import { startOllamaStub, type OllamaStub } from "../testing/ollama-stub.ts";
import { BOB_KEY, readSse, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";
import { testKey } from "../testing/test-keys.ts";

async function createConversation(gw: TestGateway, fields: Record<string, unknown> = {}, key?: string): Promise<string> {
  const response = await gw.request("/v1/conversations", { method: "POST", body: JSON.stringify(fields), ...(key ? { key } : {}) });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

function say(gw: TestGateway, id: string, fields: Record<string, unknown>, key?: string): Promise<Response> {
  return gw.request(`/v1/conversations/${id}/messages`, { method: "POST", body: JSON.stringify({ model: "fast", ...fields }), ...(key ? { key } : {}) });
}

describe("conversations", () => {
  let stub: OllamaStub;
  let gw: TestGateway;

  beforeAll(async () => {
    stub = await startOllamaStub([
      { name: "llama3.2:1b", capabilities: ["completion"], answer: (request) => [`echo: ${request.messages.at(-1)?.content}`] },
      { name: "qwen3:8b", capabilities: ["completion", "thinking"], thinking: ["pondering"] },
      { name: "tiny:1b", capabilities: ["completion"] },
    ]);
    gw = await startTestGateway({
      stub,
      env: {
        MODEL_ALIASES: "fast=llama3.2:1b,smart=qwen3:8b,tiny=tiny:1b",
        MODEL_OPTIONS: JSON.stringify([{ name: "tiny", numCtx: 256 }]),
      },
    });
  });

  afterAll(async () => {
    await gw.close();
    await stub.close();
  });

  it("answers like a chat completion and sends the stored history as context", async () => {
    const id = await createConversation(gw, { system: "You are terse.", title: "Test" });
    const first = await (await say(gw, id, { content: "first question" })).json();
    expect(first.object).toBe("chat.completion");
    expect(first.conversation_id).toBe(id);
    expect(first.choices[0].message.content).toBe("echo: first question");

    await say(gw, id, { content: "second question" });
    expect(stub.chats.at(-1)?.body.messages).toEqual([
      { role: "system", content: "You are terse." },
      { role: "user", content: "first question" },
      { role: "assistant", content: "echo: first question" },
      { role: "user", content: "second question" },
    ]);

    const stored = await (await gw.request(`/v1/conversations/${id}`)).json();
    expect(stored.messages.map((message: { role: string; content: string }) => `${message.role}: ${message.content}`)).toEqual([
      "user: first question",
      "assistant: echo: first question",
      "user: second question",
      "assistant: echo: second question",
    ]);
    expect(stored.messages[1].usage.completion_tokens).toBeGreaterThan(0);
  });

  it("streams an answer and stores it, reasoning included but not sent back as context", async () => {
    const id = await createConversation(gw, { model: "smart" });
    const { data } = await readSse(await say(gw, id, { model: undefined, content: "think about it", stream: true, think: true }));
    expect(data.at(-1)).toBe("[DONE]");
    const reasoning = data
      .filter((frame) => frame !== "[DONE]")
      .map((frame) => JSON.parse(frame).choices[0]?.delta.reasoning ?? "")
      .join("");
    expect(reasoning).toBe("pondering");

    const stored = await (await gw.request(`/v1/conversations/${id}`)).json();
    expect(stored.messages[1]).toMatchObject({ role: "assistant", reasoning: "pondering", model: "smart" });

    await say(gw, id, { model: "smart", content: "again" });
    expect(stub.chats.at(-1)?.body.messages.every((message) => message.thinking === undefined)).toBe(true);
  });

  it("keeps conversations private to their owner", async () => {
    const id = await createConversation(gw, { title: "alice only" });
    expect((await gw.request(`/v1/conversations/${id}`, { key: BOB_KEY })).status).toBe(404);
    expect((await say(gw, id, { content: "let me in" }, BOB_KEY)).status).toBe(404);
    expect((await gw.request(`/v1/conversations/${id}`, { method: "DELETE", key: BOB_KEY })).status).toBe(404);
    const bobs = await (await gw.request("/v1/conversations", { key: BOB_KEY })).json();
    expect(bobs.data.map(({ id: listed }: { id: string }) => listed)).not.toContain(id);
    const alices = await (await gw.request("/v1/conversations")).json();
    expect(alices.data.map(({ id: listed }: { id: string }) => listed)).toContain(id);
  });

  it("deletes a conversation", async () => {
    const id = await createConversation(gw);
    const deleted = await gw.request(`/v1/conversations/${id}`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ id, object: "conversation.deleted", deleted: true });
    expect((await gw.request(`/v1/conversations/${id}`)).status).toBe(404);
  });

  it("trims history to the model's context, oldest turns first, keeping the system prompt", async () => {
    const id = await createConversation(gw, { system: "S", model: "tiny" });
    for (const turn of ["one", "two", "three", "four", "five"]) {
      const response = await say(gw, id, { model: "tiny", content: `${turn} ${"x".repeat(120)}` });
      expect(response.status).toBe(200);
    }
    const sent = stub.chats.at(-1)?.body.messages ?? [];
    expect(sent[0]).toEqual({ role: "system", content: "S" });
    expect(sent.at(-1)?.content).toMatch(/^five /);
    expect(sent.some((message) => message.content.startsWith("one "))).toBe(false);
    expect(sent.length).toBeLessThan(10);
  });

  it("refuses a message that cannot fit the context window, naming the field", async () => {
    const id = await createConversation(gw, { model: "tiny" });
    const response = await say(gw, id, { model: "tiny", content: "y".repeat(2000) });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ param: "content", code: "context_length_exceeded" });
  });

  it("refuses a NUL character in a title, system prompt or message before asking the model", async () => {
    for (const field of ["title", "system"]) {
      const response = await gw.request("/v1/conversations", { method: "POST", body: JSON.stringify({ [field]: "a\u0000b" }) });
      expect(response.status, field).toBe(400);
      expect((await response.json()).error).toMatchObject({ param: field, message: expect.stringContaining("NUL") });
    }
    const id = await createConversation(gw);
    const before = stub.chats.length;
    const response = await say(gw, id, { content: "hello\u0000" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.param).toBe("content");
    expect(stub.chats.length).toBe(before);
  });

  it("validates input and names what is wrong", async () => {
    const id = await createConversation(gw);
    const noContent = await say(gw, id, {});
    expect(noContent.status).toBe(400);
    expect((await noContent.json()).error.param).toBe("content");
    const noModel = await gw.request(`/v1/conversations/${id}/messages`, { method: "POST", body: JSON.stringify({ content: "hi" }) });
    expect((await noModel.json()).error.param).toBe("model");
    const unknownModel = await gw.request("/v1/conversations", { method: "POST", body: JSON.stringify({ model: "gpt-5" }) });
    expect(unknownModel.status).toBe(404);
    expect((await gw.request("/v1/conversations/not-a-uuid")).status).toBe(404);
  });
});

describe("per-user bounds", () => {
  const CAROL_KEY = testKey("carol");
  const DAVE_KEY = testKey("dave");
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      env: { API_KEYS: `carol:${CAROL_KEY},dave:${DAVE_KEY}`, MAX_CONVERSATIONS_PER_USER: "3", MAX_STORED_BYTES_PER_USER: "2048" },
    });
  });

  afterAll(async () => {
    await gw.close();
  });

  it("refuses a conversation past MAX_CONVERSATIONS_PER_USER with a 403 that says so", async () => {
    for (let i = 0; i < 3; i += 1) await createConversation(gw, {}, CAROL_KEY);
    const refused = await gw.request("/v1/conversations", { method: "POST", body: "{}", key: CAROL_KEY });
    expect(refused.status).toBe(403);
    const { error } = await refused.json();
    expect(error.code).toBe("conversation_limit_reached");
    expect(error.message).toContain("MAX_CONVERSATIONS_PER_USER");
  });

  it("refuses a message past MAX_STORED_BYTES_PER_USER before asking the model", async () => {
    const id = await createConversation(gw, { system: "s".repeat(1000) }, DAVE_KEY);
    const before = gw.stub.chats.length;
    const refused = await say(gw, id, { content: "x".repeat(1100) }, DAVE_KEY);
    expect(refused.status).toBe(403);
    const { error } = await refused.json();
    expect(error.code).toBe("storage_limit_reached");
    expect(error.message).toContain("MAX_STORED_BYTES_PER_USER");
    expect(gw.stub.chats.length).toBe(before);
    expect((await say(gw, id, { content: "short" }, DAVE_KEY)).status).toBe(200);
  });

  it("pages the list with a cursor and leaves system prompts out of it", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) ids.unshift(await createConversation(gw, { system: "long prompt" }, DAVE_KEY));
    const list = (query: string) => gw.request(`/v1/conversations${query}`, { key: DAVE_KEY }).then((response) => response.json());
    const first = await list("?limit=2");
    expect(first.data.map(({ id }: { id: string }) => id)).toEqual(ids);
    expect(first.data[0]).not.toHaveProperty("system");
    expect(first.has_more).toBe(true);
    const second = await list(`?limit=2&after=${first.next_cursor}`);
    expect(second.data).toHaveLength(1);
    expect(second).toMatchObject({ has_more: false, next_cursor: null });

    for (const [query, param] of [["?limit=0", "limit"], ["?limit=101", "limit"], ["?after=bm9wZQ", "after"]]) {
      const response = await gw.request(`/v1/conversations${query}`, { key: DAVE_KEY });
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.param, query).toBe(param);
    }
  });
});

describe("conversation history on disk", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "llm-gateway-data-"));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("survives a restart of the gateway", async () => {
    const first = await startTestGateway({ store: await openStore({ databaseUrl: undefined, dataDir }) });
    const id = await createConversation(first);
    await say(first, id, { content: "remember this" });
    await first.close();

    const second = await startTestGateway({ store: await openStore({ databaseUrl: undefined, dataDir }) });
    try {
      const stored = await (await second.request(`/v1/conversations/${id}`)).json();
      expect(stored.messages.map(({ content }: { content: string }) => content)).toEqual(["remember this", "Hello from llama3.2:1b."]);
    } finally {
      await second.close();
    }
  });
});
