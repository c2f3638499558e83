import { describe, expect, it } from "vitest";
import { ollamaModelKey } from "./ollama-model";

describe("ollamaModelKey", () => {
  it("treats the spellings Ollama treats as one model as one", () => {
    for (const name of ["qwen3", "qwen3:latest", "library/qwen3", "registry.ollama.ai/library/QWEN3:latest"]) {
      expect(ollamaModelKey(name)).toBe("qwen3:latest");
    }
  });

  it("keeps tags, namespaces and registry ports", () => {
    expect(ollamaModelKey("qwen3:8b")).toBe("qwen3:8b");
    expect(ollamaModelKey("me/tutor")).toBe("me/tutor:latest");
    expect(ollamaModelKey("localhost:5000/m")).toBe("localhost:5000/m:latest");
  });
});
