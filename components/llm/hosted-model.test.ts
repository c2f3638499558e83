import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hostedKeyVariable, hostedModelEgress, hostedModelsEnv, modelFallbacks } from "./hosted-model";

describe("hostedModelsEnv", () => {
  it("names the variable of each key, never the key, and leaves it out for a server without keys", () => {
    const env = JSON.parse(
      hostedModelsEnv([
        { name: "gpt-mini", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKey: `sk-${randomUUID()}`, capabilities: ["tools", "vision"] },
        { name: "lan", baseUrl: "http://192.168.1.20:8000/v1", model: "qwen" },
      ]),
    );
    expect(env).toEqual([
      { name: "gpt-mini", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKeyEnv: "HOSTED_API_KEY_GPT_MINI", capabilities: ["tools", "vision"] },
      { name: "lan", baseUrl: "http://192.168.1.20:8000/v1", model: "qwen", capabilities: [] },
    ]);
    expect(hostedKeyVariable("gpt-mini")).toBe("HOSTED_API_KEY_GPT_MINI");
  });
});

describe("modelFallbacks", () => {
  it("gives an Ollama model's fallback under its name and its alias, and a hosted model's under its name", () => {
    expect(
      modelFallbacks(
        [{ name: "qwen3:8b", alias: "smart", fallback: "gpt" }, { name: "qwen3:0.6b" }, { name: "tutor", fallback: "smart" }],
        [{ name: "gpt", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", fallback: "lan" }],
      ),
    ).toBe("qwen3:8b=gpt,smart=gpt,tutor=smart,gpt=lan");
  });

  it("is empty without fallbacks", () => {
    expect(modelFallbacks([{ name: "qwen3:8b" }], [])).toBe("");
  });
});

describe("hostedModelEgress", () => {
  const at = (...baseUrls: string[]) => hostedModelEgress(baseUrls.map((baseUrl, i) => ({ name: `m${i}`, baseUrl, model: "x" })));

  it("opens nothing without hosted models", () => {
    expect(at()).toEqual([]);
  });

  it("opens the internet only on the ports public servers use", () => {
    expect(at("https://api.openai.com/v1", "https://generativelanguage.googleapis.com/v1beta/openai", "http://203.0.113.7:8080/v1")).toEqual([
      { kind: "to-internet", ports: [443, 8080] },
    ]);
  });

  it("opens exactly a LAN server's address and port", () => {
    expect(at("http://192.168.1.20:8000/v1", "https://10.0.0.5/v1", "http://192.168.1.20:8001/v1")).toEqual([
      { kind: "to-lan", ports: [8000, 8001], addresses: ["192.168.1.20/32"] },
      { kind: "to-lan", ports: [443], addresses: ["10.0.0.5/32"] },
    ]);
  });

  it("takes host names only the LAN resolves to the LAN's private ranges on their port", () => {
    expect(at("http://vllm.lan:8000/v1", "http://gpu-box:8080/v1", "https://llama.home.arpa/v1", "https://openrouter.ai/api/v1")).toEqual([
      { kind: "to-internet", ports: [443] },
      { kind: "to-lan", ports: [443, 8000, 8080] },
    ]);
  });
});
