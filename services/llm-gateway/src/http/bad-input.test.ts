import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../testing/test-gateway.ts";

const oddBodies = [
  "",
  "null",
  "[]",
  '"text"',
  "42",
  "{",
  '{"model": null}',
  '{"model": ["fast"], "messages": "hi"}',
  '{"model": "fast", "messages": [null]}',
  '{"model": "fast", "messages": [{"role": "user", "content": {"nested": true}}]}',
  '{"model": "fast", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": "x"}]}]}',
  '{"model": "fast", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 1e309}',
  '{"model": "fast", "messages": [{"role": "user", "content": "hi"}], "think": "extreme"}',
  '{"model": "fast", "messages": [{"role": "user", "content": "hi"}], "stream": "yes"}',
  '{"content": 7}',
  '{"__proto__": {"polluted": true}, "model": "fast"}',
  "\u0000\u0001\u0002",
];

describe("bad input", () => {
  let gw: TestGateway;
  let conversation: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    conversation = (await (await gw.request("/v1/conversations", { method: "POST", body: "{}" })).json()).id;
  });

  afterAll(async () => {
    await gw.close();
  });

  it("gets a 4xx in OpenAI's shape, never a crash or a stack trace", async () => {
    const paths = ["/v1/chat/completions", "/v1/conversations", `/v1/conversations/${conversation}/messages`];
    for (const path of paths) {
      for (const body of oddBodies) {
        const response = await gw.request(path, { method: "POST", body });
        const text = await response.text();
        const label = `${path} ${JSON.stringify(body)} -> ${response.status} ${text}`;
        if (path === "/v1/conversations" && response.status === 201) continue;
        expect(response.status, label).toBeGreaterThanOrEqual(400);
        expect(response.status, label).toBeLessThan(500);
        expect(JSON.parse(text).error.message, label).toEqual(expect.any(String));
        expect(text, label).not.toMatch(/\n\s+at |\.ts:\d+/);
      }
    }
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
