import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE_KEY, BOB_KEY, chatBody, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";
import { testKey } from "../testing/test-keys.ts";

const WEBUI_KEY = testKey("open-webui");

describe("identity forwarded by Open WebUI", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        API_KEYS: `alice:${ALICE_KEY},bob:${BOB_KEY},open-webui:${WEBUI_KEY}`,
        FORWARDED_IDENTITY_USERS: "open-webui",
        // One chat of "Hi" costs 4 tokens at the stub.
        DAILY_TOKEN_QUOTA: "4",
      },
    });
  });

  afterAll(async () => {
    await gw.close();
  });

  const as = (key: string, person?: string): { key: string; headers: Record<string, string> } => ({
    key,
    headers: person === undefined ? {} : { "X-OpenWebUI-User-Id": person },
  });
  const userOf = async (key: string, person?: string) => (await (await gw.request("/v1/usage", as(key, person))).json()).user;

  it("takes the person from the header only on Open WebUI's own key", async () => {
    expect(await userOf(WEBUI_KEY, "3f2a-anna")).toBe("key:open-webui/3f2a-anna");
    expect(await userOf(WEBUI_KEY)).toBe("key:open-webui");
    expect(await userOf(ALICE_KEY, "3f2a-anna")).toBe("key:alice");
  });

  it("holds each person to their own quota, not Open WebUI as one user", async () => {
    const chat = (person: string) => gw.request("/v1/chat/completions", { method: "POST", body: chatBody(), ...as(WEBUI_KEY, person) });
    expect((await chat("anna")).status).toBe(200);
    expect((await chat("anna")).status).toBe(429);
    expect((await chat("ben")).status).toBe(200);
  });

  it("refuses a malformed person id, naming the header", async () => {
    const response = await gw.request("/v1/usage", as(WEBUI_KEY, "anna smith/../x"));
    expect(response.status).toBe(400);
    expect((await response.json()).error.param).toBe("x-openwebui-user-id");
  });
});
