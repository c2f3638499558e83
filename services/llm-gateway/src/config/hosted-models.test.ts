import { describe, expect, it } from "vitest";
import { parseHostedModels, parseModelFallbacks } from "./hosted-models.ts";

const gpt = { name: "gpt", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKeyEnv: "OPENAI_API_KEY" };

describe("parseHostedModels", () => {
  it("reads the key from the variable apiKeyEnv names", () => {
    expect(parseHostedModels(JSON.stringify([gpt]), { OPENAI_API_KEY: "sk-1" })).toEqual([
      { name: "gpt", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKey: "sk-1", capabilities: [] },
    ]);
  });

  it("names the entry and field of every mistake", () => {
    expect(() => parseHostedModels(JSON.stringify([gpt]), {})).toThrow("HOSTED_MODELS[0].apiKeyEnv: OPENAI_API_KEY is not set");
    expect(() => parseHostedModels(JSON.stringify([{ ...gpt, baseUrl: "ftp://x" }]), {})).toThrow(/^HOSTED_MODELS\[0\]\.baseUrl: /);
    expect(() => parseHostedModels(JSON.stringify([{ ...gpt, capabilities: ["telepathy"] }]), {})).toThrow(/^HOSTED_MODELS\[0\]\.capabilities\[0\]: /);
    expect(() => parseHostedModels("[{", {})).toThrow(/^HOSTED_MODELS: not valid JSON/);
  });
});

describe("parseModelFallbacks", () => {
  const served = new Set(["fast", "smart", "gpt"]);

  it("reads model=fallback pairs", () => {
    expect(parseModelFallbacks("fast=gpt, smart=fast", served)).toEqual([
      { name: "fast", fallback: "gpt" },
      { name: "smart", fallback: "fast" },
    ]);
  });

  it("refuses unknown models and cycles, naming the variable", () => {
    expect(() => parseModelFallbacks("fast=claude", served)).toThrow('MODEL_FALLBACKS: "claude" is not a served model');
    expect(() => parseModelFallbacks("fast=gpt,gpt=smart,smart=gpt", served)).toThrow("MODEL_FALLBACKS: fast → gpt → smart → gpt is a cycle");
    expect(() => parseModelFallbacks("fast", served)).toThrow("is not of the form model=fallback");
  });
});
