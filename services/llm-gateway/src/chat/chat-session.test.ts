import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE_KEY, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";
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
    gw = await startTestGateway();
    stateDir = await mkdtemp(join(tmpdir(), "llm-gateway-chat-"));
  });

  afterAll(async () => {
    await gw.close();
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

  it("reports the gateway's error message", async () => {
    const session = new ChatSession({ baseUrl: gw.url, apiKey: "wrong", model: "fast" }, undefined);
    await expect(session.open()).rejects.toThrow("401: invalid API key");
  });
});
