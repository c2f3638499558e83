import { Ollama } from "ollama";
import { describe, expect, it } from "vitest";
import { ollamaApiUrl } from "./ollama-url.ts";

/** The URL the official client requests for `endpoint` with OLLAMA_HOST `host`. */
async function clientUrl(host: string): Promise<string> {
  let requested = "";
  const capture: typeof fetch = async (input) => {
    requested = String(input);
    return new Response(JSON.stringify({ version: "0" }), { headers: { "Content-Type": "application/json" } });
  };
  await new Ollama({ host, fetch: capture }).version();
  return requested.replace(/\/version$/, "/chat");
}

describe("ollamaApiUrl", () => {
  it.each([
    "http://127.0.0.1:11434",
    "http://ollama.ollama.svc:11434/",
    "https://ollama.example.com",
    "http://ollama.example.com",
    "ollama.ollama.svc",
    "ollama.ollama.svc:8080",
    ":11500",
    "http://proxy.local:8080/ollama/",
  ])("finds the same chat URL as the official client for %s", async (host) => {
    expect(new URL(await clientUrl(host)).href).toBe(ollamaApiUrl(host, "chat").href);
  });
});
