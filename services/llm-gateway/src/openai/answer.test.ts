import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaStub, type OllamaStub } from "../testing/ollama-stub.ts";
import { BOB_KEY, chatBody, eventually, readSse, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";

const slowTokens = Array.from({ length: 200 }, (_, index) => ` t${index}`);

describe("answers over time", () => {
  let stub: OllamaStub;
  let gw: TestGateway;

  beforeAll(async () => {
    stub = await startOllamaStub([
      { name: "slow:1b", capabilities: ["completion"], tokenDelayMs: 25, answer: () => slowTokens },
      { name: "cold:70b", capabilities: ["completion"], loadDelayMs: 900 },
      { name: "stalls:1b", capabilities: ["completion"], tokenDelayMs: 1500, answer: () => ["a", "b"] },
    ]);
    gw = await startTestGateway({
      stub,
      env: {
        MODEL_ALIASES: "slow=slow:1b,cold=cold:70b,stalls=stalls:1b",
        KEEPALIVE_INTERVAL_MS: "100",
        LOAD_TIMEOUT_MS: "5000",
        FIRST_TOKEN_TIMEOUT_MS: "300",
        IDLE_TIMEOUT_MS: "600",
        MAX_STREAMS_PER_USER: "2",
      },
    });
  });

  afterAll(async () => {
    await gw.close();
    await stub.close();
  });

  it("aborts the upstream generation when a streaming client disconnects", async () => {
    const client = new AbortController();
    const response = await gw.request("/v1/chat/completions", {
      method: "POST",
      body: chatBody({ model: "slow", stream: true }),
      signal: client.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const chat = stub.chats.at(-1);
    client.abort();
    await eventually(() => chat?.aborted === true);
    expect(chat?.finished).toBe(false);
  });

  it("aborts the upstream generation when a waiting non-streaming client disconnects", async () => {
    const client = new AbortController();
    const pending = gw
      .request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "slow" }), signal: client.signal })
      .catch((error: unknown) => error);
    await eventually(() => stub.chats.at(-1)?.body.model === "slow:1b" && !stub.chats.at(-1)?.finished);
    const chat = stub.chats.at(-1);
    client.abort();
    await pending;
    await eventually(() => chat?.aborted === true);
  });

  it("keeps a stream alive with comments while a cold model loads, and does not time it out", async () => {
    const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "cold", stream: true }) });
    expect(response.status).toBe(200);
    const { data, comments } = await readSse(response);
    expect(comments.length).toBeGreaterThanOrEqual(2);
    expect(data.at(-1)).toBe("[DONE]");
  });

  it("times out a loaded model that stops sending tokens, with an error frame", async () => {
    const { data } = await readSse(await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "stalls", stream: true }) }));
    const error = JSON.parse(data.at(-1) as string).error;
    expect(error.code).toBe("upstream_timeout");
    expect(error.message).toContain("IDLE_TIMEOUT_MS");
  });

  it("caps concurrent streams per user with 429 and Retry-After, leaving other users alone", async () => {
    const open = await Promise.all(
      [1, 2].map(() => gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "slow", stream: true }) })),
    );
    const third = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "slow", stream: true }) });
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("1");
    expect((await third.json()).error.message).toContain("MAX_STREAMS_PER_USER");
    const bob = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "slow", stream: true }), key: BOB_KEY });
    expect(bob.status).toBe(200);
    await Promise.all([...open, bob].map((response) => response.body?.cancel()));
    await eventually(() => stub.chats.every((chat) => chat.finished || chat.aborted));
  });

  it("counts active streams and time to first token in the metrics", async () => {
    const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "slow", stream: true }) });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const during = await (await fetch(`${gw.metricsUrl}/metrics`)).text();
    expect(during).toMatch(/^llm_gateway_active_streams [1-9]/m);
    await reader.cancel();
    await eventually(() => stub.chats.at(-1)?.aborted === true);
    const after = await (await fetch(`${gw.metricsUrl}/metrics`)).text();
    expect(after).toMatch(/^llm_gateway_time_to_first_token_seconds_count\{model="slow"\} [1-9]/m);
  });
});

describe("first-token time-out on a warm model", () => {
  it("gives a model known to be loaded only FIRST_TOKEN_TIMEOUT_MS", async () => {
    const stub = await startOllamaStub([{ name: "warm:1b", capabilities: ["completion"], tokenDelayMs: 0 }]);
    const gw = await startTestGateway({
      stub,
      env: { MODEL_ALIASES: "warm=warm:1b", FIRST_TOKEN_TIMEOUT_MS: "200", LOAD_TIMEOUT_MS: "60000" },
    });
    try {
      const first = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "warm" }) });
      expect(first.status).toBe(200);
      await stub.close();
      const slow = await startOllamaStub([{ name: "warm:1b", capabilities: ["completion"], loadDelayMs: 3000 }], Number(new URL(stub.url).port));
      try {
        const second = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "warm" }) });
        expect(second.status).toBe(504);
        expect((await second.json()).error.message).toContain("FIRST_TOKEN_TIMEOUT_MS");
      } finally {
        await slow.close();
      }
    } finally {
      await gw.gateway.shutdown();
    }
  });
});

describe("an answer refused before it starts", () => {
  it("gives the user's stream slot back", async () => {
    const { answer } = await import("./answer.ts");
    const { StreamSlots } = await import("../limits/stream-slots.ts");
    const { ApiError } = await import("../http/api-error.ts");
    const streamSlots = new StreamSlots(1);
    const refusing = {
      start: () => {
        throw new ApiError(503, "the gateway is shutting down; retry the request", { code: "shutting_down" });
      },
    } as unknown as Parameters<typeof answer>[1]["generations"];
    const request = { user: "alice" } as Parameters<typeof answer>[2];
    const c = { get: () => ({ user: "alice", groups: [] }) } as never;
    await expect(answer(c, { generations: refusing, streamSlots, keepAliveMs: 1000, usage: { checkQuota: async () => undefined } } as never, request, { stream: false } as never)).rejects.toThrow(
      "shutting down",
    );
    expect(streamSlots.inUse("alice")).toBe(0);
  });
});
