import OpenAI, { APIError } from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaStub, type ChatRequestBody } from "../testing/ollama-stub.ts";
import { ALICE_KEY, chatBody, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";

const weatherTool: ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "The weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

const timeTool: ChatCompletionTool = { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } };

const answersTool = (request: ChatRequestBody) => request.messages.at(-1)?.role === "tool";

describe("tool calling", () => {
  let gw: TestGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    const stub = await startOllamaStub([
      {
        name: "llama3.2:1b",
        capabilities: ["completion", "tools"],
        answer: (request) => (answersTool(request) ? ["It is ", request.messages.at(-1)?.content ?? ""] : []),
        toolCalls: (request) => (answersTool(request) ? [] : [{ function: { name: "get_weather", arguments: { city: "Oslo" } } }]),
      },
      { name: "tiny:1b", capabilities: ["completion"] },
    ]);
    gw = await startTestGateway({ stub, env: { MODEL_ALIASES: "fast=llama3.2:1b,tiny=tiny:1b" } });
    openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: ALICE_KEY, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw.close();
    await gw.stub.close();
  });

  it("round-trips a call and its result through the openai client", async () => {
    const question: ChatCompletionMessageParam = { role: "user", content: "Weather in Oslo?" };
    const first = await openai.chat.completions.create({ model: "fast", messages: [question], tools: [weatherTool] });
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather" } });
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(call.id).toMatch(/^call_/);
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Oslo" });
    expect(gw.stub.chats.at(-1)?.body.tools).toEqual([
      { type: "function", function: { name: "get_weather", description: "The weather in a city", parameters: weatherTool.function.parameters } },
    ]);

    const second = await openai.chat.completions.create({
      model: "fast",
      tools: [weatherTool],
      messages: [question, choice!.message, { role: "tool", tool_call_id: call.id, content: "sunny, 21 °C" }],
    });
    expect(second.choices[0]?.message.content).toBe("It is sunny, 21 °C");
    expect(second.choices[0]?.finish_reason).toBe("stop");
    const sent = gw.stub.chats.at(-1)?.body.messages;
    expect(sent?.[1]).toMatchObject({ role: "assistant", tool_calls: [{ function: { name: "get_weather", arguments: { city: "Oslo" } } }] });
    expect(sent?.[2]).toEqual({ role: "tool", content: "sunny, 21 °C", tool_name: "get_weather" });
  });

  it("streams a call as one tool_calls delta in OpenAI's shape", async () => {
    const stream = await openai.chat.completions.create({
      model: "fast",
      messages: [{ role: "user", content: "Weather in Oslo?" }],
      tools: [weatherTool],
      stream: true,
    });
    const deltas = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } });
    expect(deltas[0]?.id).toMatch(/^call_/);
    expect(finish).toBe("tool_calls");
  });

  it("refuses tools for a model without tool calling, before Ollama sees the request", async () => {
    const before = gw.stub.chats.length;
    const error = await openai.chat.completions
      .create({ model: "tiny", messages: [{ role: "user", content: "Hi" }], tools: [weatherTool] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(400);
    expect((error as APIError).message).toContain("does not support tools");
    expect((error as APIError).code).toBe("tools_not_supported");
    expect(gw.stub.chats.length).toBe(before);
  });

  it("offers no tools with tool_choice none, and only the named one when a function is named", async () => {
    await openai.chat.completions.create({ model: "tiny", messages: [{ role: "user", content: "Hi" }], tools: [weatherTool], tool_choice: "none" });
    expect(gw.stub.chats.at(-1)?.body.tools).toBeUndefined();
    await openai.chat.completions.create({
      model: "fast",
      messages: [{ role: "user", content: "Hi" }],
      tools: [weatherTool, timeTool],
      tool_choice: { type: "function", function: { name: "get_time" } },
    });
    expect(gw.stub.chats.at(-1)?.body.tools?.map((tool) => tool.function.name)).toEqual(["get_time"]);
  });

  it("names the field of a malformed tool, call or result", async () => {
    const call = { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } };
    const cases: [string, string][] = [
      [chatBody({ tools: [{ type: "function", function: { name: "get weather" } }] }), "tools[0].function.name"],
      [chatBody({ tools: [{ type: "function", function: { name: "f", parameters: "object" } }] }), "tools[0].function.parameters"],
      [chatBody({ tools: [weatherTool], tool_choice: { type: "function", function: { name: "nope" } } }), "tool_choice"],
      [chatBody({ messages: [{ role: "user", content: "Hi" }, { role: "tool", tool_call_id: "call_9", content: "x" }] }), "messages[1].tool_call_id"],
      [
        chatBody({
          messages: [
            { role: "user", content: "Hi" },
            { role: "assistant", content: null, tool_calls: [{ ...call, function: { ...call.function, arguments: "{oops" } }] },
          ],
        }),
        "messages[1].tool_calls[0].function.arguments",
      ],
      [
        chatBody({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", tool_calls: [{ ...call, function: { ...call.function, arguments: "[1]" } }] }] }),
        "messages[1].tool_calls[0].function.arguments",
      ],
    ];
    for (const [body, param] of cases) {
      const response = await gw.request("/v1/chat/completions", { method: "POST", body });
      const error = (await response.json()).error;
      expect(response.status, body).toBe(400);
      expect(error.param, body).toBe(param);
      expect(error.message, body).toContain(param);
    }
  });
});
