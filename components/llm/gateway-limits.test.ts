import { describe, expect, it } from "vitest";
import { gatewayLimitsEnv, maxUpstreamSlotsPerUser } from "./gateway-limits";

describe("maxUpstreamSlotsPerUser", () => {
  it("keeps one Ollama slot back for others, unless there is only one", () => {
    expect([1, 2, 4].map(maxUpstreamSlotsPerUser)).toEqual([1, 1, 3]);
  });
});

describe("gatewayLimitsEnv", () => {
  it("fills every default, the slots from Ollama's parallelism", () => {
    expect(Object.fromEntries(gatewayLimitsEnv({}, 4).map((e) => [e.name, e.value]))).toEqual({
      MAX_UPSTREAM_SLOTS_PER_USER: "3",
      MAX_COMPLETION_TOKENS: "8192",
      MAX_CONVERSATIONS_PER_USER: "1000",
      MAX_STORED_BYTES_PER_USER: "67108864",
    });
  });

  it("passes what the stack sets", () => {
    const env = gatewayLimitsEnv({ upstreamSlotsPerUser: 1, completionTokens: 2048, conversationsPerUser: 50, storedBytesPerUser: 1_000_000 }, 4);
    expect(env.map((e) => e.value)).toEqual(["1", "2048", "50", "1000000"]);
  });
});
