import { describe, expect, it } from "vitest";
import { modelKey } from "./model-name.ts";

describe("modelKey", () => {
  it("adds the latest tag Ollama assumes", () => {
    expect(modelKey("llama3.2")).toBe("llama3.2:latest");
    expect(modelKey("qwen3:0.6b")).toBe("qwen3:0.6b");
  });

  it("drops the default registry and namespace that /api/tags leaves out", () => {
    expect(modelKey("registry.ollama.ai/library/llama3.2")).toBe("llama3.2:latest");
    expect(modelKey("library/qwen3:8b")).toBe("qwen3:8b");
    expect(modelKey("someone/model:q4")).toBe("someone/model:q4");
  });

  it("reads a colon in a registry host as a port, not a tag", () => {
    expect(modelKey("localhost:5000/team/model")).toBe("localhost:5000/team/model:latest");
  });

  it("matches names case-insensitively, as Ollama does", () => {
    expect(modelKey("Mario:Q4_K_M")).toBe(modelKey("mario:q4_k_m"));
  });
});
