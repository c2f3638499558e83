import { describe, expect, it } from "vitest";
import { llmProblems, llmSchema } from "./llm-config";

const withSlots = (upstreamSlotsPerUser?: number) => llmSchema.parse({ gateway: { limits: { upstreamSlotsPerUser } } });

describe("llm.gateway.limits.upstreamSlotsPerUser", () => {
  it("must leave another user an Ollama slot when Ollama has more than one", () => {
    expect(llmProblems(withSlots(1), "full")).toEqual([]);
    expect(llmProblems(withSlots(2), "full")).toEqual([
      "homelab:llm.gateway.limits.upstreamSlotsPerUser: 2 would let one user hold every Ollama slot (Ollama serves 2 at once with sizing full); allowed: 1 to 1",
    ]);
  });

  it("may be the one slot when Ollama serves one request at a time, and is left to the default otherwise", () => {
    expect(llmProblems(withSlots(1), "lean")).toEqual([]);
    expect(llmProblems(withSlots(undefined), "lean")).toEqual([]);
    expect(llmSchema.parse({}).gateway).toEqual({ limits: {}, quotas: {}, images: {} });
  });
});
