import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaStub, type ChatRequestBody, type OllamaStub } from "../testing/ollama-stub.ts";
import { readSse, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";

const weatherTool = {
  type: "function",
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
};

const answersTool = (request: ChatRequestBody) => request.messages.at(-1)?.role === "tool";

describe("conversations with tool calls", () => {
  let stub: OllamaStub;
  let gw: TestGateway;
  let id: string;

  const say = (fields: Record<string, unknown>) =>
    gw.request(`/v1/conversations/${id}/messages`, { method: "POST", body: JSON.stringify({ model: "fast", tools: [weatherTool], ...fields }) });

  beforeAll(async () => {
    stub = await startOllamaStub([
      {
        name: "llama3.2:1b",
        capabilities: ["completion", "tools"],
        answer: (request) => (answersTool(request) ? [`It is ${request.messages.at(-1)?.content}.`] : []),
        toolCalls: (request) => (answersTool(request) ? [] : [{ function: { name: "get_weather", arguments: { city: "Oslo" } } }]),
      },
    ]);
    gw = await startTestGateway({ stub, env: { MODEL_ALIASES: "fast=llama3.2:1b" } });
    id = (await (await gw.request("/v1/conversations", { method: "POST", body: "{}" })).json()).id;
  });

  afterAll(async () => {
    await gw.close();
    await stub.close();
  });

  it("stores a call, takes its result, and sends both back as history", async () => {
    const asked = await (await say({ content: "Weather in Oslo?" })).json();
    expect(asked.choices[0].finish_reason).toBe("tool_calls");
    const callId = asked.choices[0].message.tool_calls[0].id as string;

    const answered = await say({ tool_results: [{ tool_call_id: callId, content: "sunny" }], stream: true });
    const { data } = await readSse(answered);
    expect(data.at(-1)).toBe("[DONE]");
    const sent = stub.chats.at(-1)?.body.messages;
    expect(sent?.map(({ role }) => role)).toEqual(["user", "assistant", "tool"]);
    expect(sent?.[1]?.tool_calls).toEqual([{ function: { name: "get_weather", arguments: { city: "Oslo" } } }]);
    expect(sent?.[2]).toEqual({ role: "tool", content: "sunny", tool_name: "get_weather" });

    const { messages } = await (await gw.request(`/v1/conversations/${id}`)).json();
    expect(messages.map((message: { role: string }) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(messages[1].tool_calls).toEqual([{ id: callId, type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }]);
    expect(messages[2]).toMatchObject({ content: "sunny", tool_call_id: callId });
    expect(messages[3].content).toBe("It is sunny.");
  });

  it("refuses results that answer no call of the last answer, and a message with neither content nor results", async () => {
    const unknown = await say({ tool_results: [{ tool_call_id: "call_nope", content: "x" }] });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.param).toBe("tool_results[0].tool_call_id");
    const neither = await say({});
    expect(neither.status).toBe(400);
    expect((await neither.json()).error.param).toBe("content");
  });
});
