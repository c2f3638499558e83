import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE_KEY, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";
import { startOllamaStub } from "../testing/ollama-stub.ts";
import { ChatSession } from "./chat-session.ts";
import { loadConversationId, saveConversationId } from "./chat-state.ts";

function recorder() {
  const seen = { reasoning: "", content: "" };
  return { seen, output: { reasoning: (text: string) => (seen.reasoning += text), content: (text: string) => (seen.content += text) } };
}

describe("chat client", () => {
  let gw: TestGateway;
  let stateDir: string;

  beforeAll(async () => {
    const stub = await startOllamaStub([
      { name: "llama3.2:1b", capabilities: ["completion"], answer: () => ["safe ", "\u001b]52;c;aGk=\u0007", "text\n\tend"] },
      { name: "qwen3:8b", capabilities: ["completion", "thinking"], thinking: ["Let", " me", " think."] },
    ]);
    gw = await startTestGateway({ stub });
    stateDir = await mkdtemp(join(tmpdir(), "llm-gateway-chat-"));
  });

  afterAll(async () => {
    await gw.close();
    await gw.stub.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it("streams thinking and answer apart, and continues the conversation in a later run", async () => {
    const statePath = join(stateDir, "chat.json");
    const options = { baseUrl: gw.url, apiKey: ALICE_KEY, model: "smart", think: true };

    const firstRun = new ChatSession(options, await loadConversationId(statePath, "key"));
    const opened = await firstRun.open();
    expect(opened.resumed).toBe(false);
    await saveConversationId(statePath, "key", opened.id);
    const { seen, output } = recorder();
    await firstRun.send("Hello?", output);
    expect(seen).toEqual({ reasoning: "Let me think.", content: "Hello from qwen3:8b." });

    const secondRun = new ChatSession(options, await loadConversationId(statePath, "key"));
    expect(await secondRun.open()).toEqual({ id: opened.id, resumed: true, messages: 2 });
    await secondRun.send("And now?", recorder().output);
    expect(gw.stub.chats.at(-1)?.body.messages.map(({ content }) => content)).toEqual([
      "Hello?",
      "Hello from qwen3:8b.",
      "And now?",
    ]);
  });

  it("starts over when the remembered conversation is gone", async () => {
    const session = new ChatSession({ baseUrl: gw.url, apiKey: ALICE_KEY, model: "fast" }, "00000000-0000-4000-8000-000000000000");
    expect((await session.open()).resumed).toBe(false);
  });

  it("strips control characters from the model's answer, keeping newline and tab", async () => {
    const session = new ChatSession({ baseUrl: gw.url, apiKey: ALICE_KEY, model: "fast" }, undefined);
    const { seen, output } = recorder();
    await session.send("Hi", output);
    expect(seen.content).toBe("safe ]52;c;aGk=text\n\tend");
  });

  it("names the URL it could not reach and why", async () => {
    const closed = await startOllamaStub([]);
    await closed.close();
    const session = new ChatSession({ baseUrl: closed.url, apiKey: ALICE_KEY, model: "fast" }, undefined);
    const error = (await session.open().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^cannot reach the gateway at \S+: .*ECONNREFUSED/);
    expect(error.message).toContain(`${closed.url}/v1/conversations`);
  });

  it("reports the gateway's error message", async () => {
    const session = new ChatSession({ baseUrl: gw.url, apiKey: "wrong", model: "fast" }, undefined);
    await expect(session.open()).rejects.toThrow("401: invalid API key");
  });
});
