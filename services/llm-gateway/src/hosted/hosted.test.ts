import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiStub, type OpenAiStub } from "../testing/openai-stub.ts";
import { ALICE_KEY, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";
import { testKey } from "../testing/test-keys.ts";

const UPSTREAM_KEY = testKey("upstream");

const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

describe("hosted models next to Ollama", () => {
  let hosted: OpenAiStub;
  let gw: TestGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    hosted = await startOpenAiStub();
    gw = await startTestGateway({
      env: {
        HOSTED_MODELS: JSON.stringify([
          { name: "gpt", baseUrl: hosted.url, model: "gpt-4o-mini", apiKeyEnv: "TEST_HOSTED_KEY", capabilities: ["thinking", "tools", "vision"] },
        ]),
        TEST_HOSTED_KEY: UPSTREAM_KEY,
        MODEL_FALLBACKS: "fast=gpt",
      },
    });
    openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: ALICE_KEY, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw.close();
    await hosted.close();
  });

  it("serves a hosted model with the upstream's key, passing reasoning and usage through", async () => {
    const completion = await openai.chat.completions.create({
      model: "gpt",
      messages: [{ role: "user", content: "Hi" }],
      max_tokens: 50,
      reasoning_effort: "low",
    });
    const message = completion.choices[0]?.message as { content: string; reasoning?: string };
    expect(message.content).toBe("Hosted answer.");
    expect(message.reasoning).toBe("Thinking.");
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7, completion_tokens_details: { reasoning_tokens: 3 } });
    const sent = hosted.requests.at(-1);
    expect(sent?.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(sent?.body).toMatchObject({ model: "gpt-4o-mini", stream: true, max_tokens: 50, reasoning_effort: "low" });
    expect((await openai.models.list()).data.map(({ id }) => id)).toContain("gpt");
  });

  it("leaves reasoning tokens out of usage when the server does not count them apart, rather than claiming 0", async () => {
    hosted.reasoningTokens = undefined;
    try {
      const completion = await openai.chat.completions.create({ model: "gpt", messages: [{ role: "user", content: "Hi" }] });
      expect(completion.usage).toEqual({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
    } finally {
      hosted.reasoningTokens = 3;
    }
  });

  it("streams a hosted answer token by token", async () => {
    const stream = await openai.chat.completions.create({ model: "gpt", messages: [{ role: "user", content: "Hi" }], stream: true });
    const pieces: string[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) pieces.push(chunk.choices[0].delta.content);
    expect(pieces).toEqual(["Hosted", " answer."]);
  });

  it("puts streamed tool-call deltas together and sends results back with matching ids", async () => {
    const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: { type: "object" } } }];
    const first = await openai.chat.completions.create({ model: "gpt", messages: [{ role: "user", content: "Weather?" }], tools });
    const message = first.choices[0]!.message;
    const call = message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Oslo" });
    await openai.chat.completions.create({
      model: "gpt",
      tools,
      messages: [{ role: "user", content: "Weather?" }, message, { role: "tool", tool_call_id: call.id, content: "sunny" }],
    });
    const sent = hosted.requests.at(-1)?.body.messages as { role: string; tool_call_id?: string; tool_calls?: { id: string }[] }[];
    expect(sent[2]?.tool_call_id).toBe(sent[1]?.tool_calls?.[0]?.id);
  });

  it("passes images on as data URLs", async () => {
    await openai.chat.completions.create({
      model: "gpt",
      messages: [{ role: "user", content: [{ type: "text", text: "What?" }, { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_BASE64}` } }] }],
    });
    const sent = hosted.requests.at(-1)?.body.messages as { content: unknown }[];
    expect(sent[0]?.content).toEqual([
      { type: "text", text: "What?" },
      { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
    ]);
  });

  it("answers with the fallback when Ollama's queue is full, and says so in a header and the metrics", async () => {
    gw.stub.busy = true;
    try {
      const { data, response } = await openai.chat.completions.create({ model: "fast", messages: [{ role: "user", content: "Hi" }] }).withResponse();
      expect(data.model).toBe("gpt");
      expect(data.choices[0]?.message.content).toBe("Hosted answer.");
      expect(response.headers.get("x-model-fallback")).toBe("gpt");
    } finally {
      gw.stub.busy = false;
    }
    const metrics = await (await fetch(`${gw.metricsUrl}/metrics`)).text();
    expect(metrics).toContain('llm_gateway_fallbacks_total{model="fast",fallback="gpt",reason="busy"} 1');
  });

  it("reports a rate-limited hosted server as a 429 with Retry-After", async () => {
    hosted.busy = true;
    try {
      const response = await gw.request("/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "gpt", messages: [{ role: "user", content: "Hi" }] }) });
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.text()).not.toContain(hosted.url);
    } finally {
      hosted.busy = false;
    }
  });
});
