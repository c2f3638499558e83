import { describe, expect, it } from "vitest";
import { ragEmbeddingModel } from "./declared-model";

describe("ragEmbeddingModel", () => {
  it("is the first embedding model, by its alias when it has one", () => {
    expect(ragEmbeddingModel([{ name: "qwen3:8b" }, { name: "nomic-embed-text", alias: "embed", kind: "embedding" }, { name: "bge-m3", kind: "embedding" }])).toBe("embed");
    expect(ragEmbeddingModel([{ name: "bge-m3", kind: "embedding" }])).toBe("bge-m3");
  });

  it("is none when only chat models are declared", () => {
    expect(ragEmbeddingModel([{ name: "qwen3:8b", kind: "chat" }, { name: "qwen3:0.6b" }])).toBeUndefined();
  });
});
