import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaStub } from "../testing/ollama-stub.ts";
import { ALICE_KEY, chatBody, readSse, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";

describe("OpenAI-compatible API", () => {
  let gw: TestGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    const stub = await startOllamaStub([
      { name: "llama3.2:1b", capabilities: ["completion"] },
      { name: "qwen3:8b", capabilities: ["completion", "thinking"], thinking: ["Let", " me", " think."] },
      { name: "broken:1b", capabilities: ["completion"], failAfterTokens: 2, answer: () => ["a", "b", "c", "d"] },
    ]);
    gw = await startTestGateway({
      stub,
      env: {
        MODEL_ALIASES: "fast=llama3.2:1b,smart=qwen3:8b,broken=broken:1b",
        MODEL_OPTIONS: JSON.stringify([{ name: "smart", numCtx: 16384, keepAlive: "30m" }]),
      },
    });
    openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: ALICE_KEY, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw.close();
    await gw.stub.close();
  });

  it("lists only the served models", async () => {
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toEqual(["fast", "smart", "broken"]);
  });

  it("answers a whole completion through the openai client", async () => {
    const completion = await openai.chat.completions.create({ model: "fast", messages: [{ role: "user", content: "Hi" }] });
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("fast");
    expect(completion.choices[0]?.message.content).toBe("Hello from llama3.2:1b.");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage).toMatchObject({ prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 });
  });

  it("streams a completion through the openai client, token by token", async () => {
    const stream = await openai.chat.completions.create({
      model: "fast",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) pieces.push(piece);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces).toEqual(["Hello", " from", " llama3.2:1b."]);
    expect(usage).toMatchObject({ completion_tokens: 3 });
  });

  it("ends a stream with data: [DONE] and sets headers that keep proxies from buffering", async () => {
    const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ stream: true }) });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(response.headers.get("content-encoding")).toBeNull();
    const { data } = await readSse(response);
    expect(data.at(-1)).toBe("[DONE]");
    expect(JSON.parse(data[0] as string).choices[0].delta.role).toBe("assistant");
  });

  it("sends the model's reasoning apart from its answer", async () => {
    const completion = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "smart", think: true }) });
    const { message } = (await completion.json()).choices[0];
    expect(message.content).toBe("Hello from qwen3:8b.");
    expect(message.reasoning).toBe("Let me think.");
    expect(message.reasoning_content).toBe("Let me think.");

    const streamed = await readSse(
      await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "smart", think: true, stream: true }) }),
    );
    const deltas = streamed.data.filter((frame) => frame !== "[DONE]").map((frame) => JSON.parse(frame).choices[0]?.delta ?? {});
    expect(deltas.map((delta) => delta.reasoning ?? "").join("")).toBe("Let me think.");
    expect(deltas.map((delta) => delta.content ?? "").join("")).toBe("Hello from qwen3:8b.");
    expect(deltas.every((delta) => !(delta.content && delta.reasoning))).toBe(true);
  });

  it("hides reasoning when asked", async () => {
    const completion = await gw.request("/v1/chat/completions", {
      method: "POST",
      body: chatBody({ model: "smart", think: true, hide_reasoning: true }),
    });
    const { message } = (await completion.json()).choices[0];
    expect(message.reasoning).toBeUndefined();
    expect(message.content).toBe("Hello from qwen3:8b.");
  });

  it("maps reasoning_effort to Ollama's think and passes the model's num_ctx and keep_alive", async () => {
    await openai.chat.completions.create({ model: "smart", messages: [{ role: "user", content: "Hi" }], reasoning_effort: "high" });
    const sent = gw.stub.chats.at(-1)?.body;
    expect(sent).toMatchObject({ model: "qwen3:8b", think: "high", keep_alive: "30m", stream: true });
    expect(sent?.options).toMatchObject({ num_ctx: 16384 });
  });

  it("maps sampling options onto Ollama's options", async () => {
    await gw.request("/v1/chat/completions", {
      method: "POST",
      body: chatBody({ temperature: 0.2, top_p: 0.9, max_tokens: 50, stop: "END", seed: 7 }),
    });
    expect(gw.stub.chats.at(-1)?.body.options).toEqual({ temperature: 0.2, top_p: 0.9, num_predict: 50, stop: ["END"], seed: 7 });
  });

  it("caps the generated length at MAX_COMPLETION_TOKENS, asked for or not", async () => {
    await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ max_tokens: 1_000_000 }) });
    expect(gw.stub.chats.at(-1)?.body.options?.num_predict).toBe(8192);
    await gw.request("/v1/chat/completions", { method: "POST", body: chatBody() });
    expect(gw.stub.chats.at(-1)?.body.options?.num_predict).toBe(8192);
    await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ max_completion_tokens: 100 }) });
    expect(gw.stub.chats.at(-1)?.body.options?.num_predict).toBe(100);
  });

  it("refuses thinking on a model without it, with a 400 that says so", async () => {
    const before = gw.stub.chats.length;
    const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ think: true }) });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.message).toContain("does not support thinking");
    expect(body.error.param).toBe("think");
    expect(gw.stub.chats.length).toBe(before);
  });

  it("names the offending field when the body is invalid", async () => {
    const cases: [string, string][] = [
      [chatBody({ messages: [{ role: "robot", content: "Hi" }] }), "messages[0].role"],
      [chatBody({ temperature: 3 }), "temperature"],
      [chatBody({ messages: [] }), "messages"],
      [JSON.stringify({ messages: [{ role: "user", content: "Hi" }] }), "model"],
      [chatBody({ n: 2 }), "n"],
    ];
    for (const [body, param] of cases) {
      const response = await gw.request("/v1/chat/completions", { method: "POST", body });
      expect(response.status).toBe(400);
      const error = (await response.json()).error;
      expect(error.param).toBe(param);
      expect(error.message).toContain(param);
      expect(error.type).toBe("invalid_request_error");
    }
  });

  it("answers malformed JSON with a 400, not a crash", async () => {
    const response = await gw.request("/v1/chat/completions", { method: "POST", body: "{not json" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/not valid JSON/);
  });

  it("answers an unknown model with a 404 that lists the served ones, through the openai client", async () => {
    const error = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(404);
    expect((error as APIError).message).toContain("served models: fast, smart, broken");
  });

  it("turns Ollama's 503 (queue full) into 429 with Retry-After", async () => {
    gw.stub.busy = true;
    try {
      for (const stream of [false, true]) {
        const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ stream }) });
        expect(response.status).toBe(429);
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await response.json()).error.type).toBe("rate_limit_error");
      }
    } finally {
      gw.stub.busy = false;
    }
  });

  it("reports a failure in the middle of a stream as an error frame the openai client raises", async () => {
    const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "broken", stream: true }) });
    const { data } = await readSse(response);
    expect(data).not.toContain("[DONE]");
    expect(JSON.parse(data.at(-1) as string).error.message).toBe("Ollama failed while answering with broken:1b");

    const stream = await openai.chat.completions.create({ model: "broken", messages: [{ role: "user", content: "Hi" }], stream: true });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((e: unknown) => e);
    expect(received.join("")).toBe("ab");
    expect(failure).toBeInstanceOf(APIError);
  });

  it("reports a failure of a whole (non-streamed) answer as a plain error response", async () => {
    const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "broken" }) });
    expect(response.status).toBe(502);
    expect((await response.json()).error.message).not.toContain("unexpected EOF");
    expect(gw.logs.at(-1)?.detail).toContain("unexpected EOF");
  });
});

describe("with Ollama down", () => {
  it("answers 503 without naming Ollama's address, which goes to the log", async () => {
    const gw = await startTestGateway();
    await gw.stub.close();
    try {
      for (const stream of [false, true]) {
        const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ stream }) });
        expect(response.status).toBe(503);
        const { message } = (await response.json()).error;
        expect(message).toContain("Ollama is unreachable");
        expect(message).not.toContain(gw.stub.url);
        expect(gw.rawLogs.join("")).toContain(gw.stub.url);
      }
    } finally {
      await gw.gateway.shutdown();
    }
  });
});
