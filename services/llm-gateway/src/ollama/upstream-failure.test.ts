import { describe, expect, it } from "vitest";
import { toUpstreamApiError } from "./upstream-failure.ts";

/** An error shaped like the ollama client's ResponseError. */
function responseError(status: number, text: string): Error {
  return Object.assign(new Error(text), { name: "ResponseError", status_code: status, error: text });
}

const host = "http://ollama.ollama.svc:11434";

function publicFacts(error: unknown) {
  const { apiError } = toUpstreamApiError(error, host, "qwen3:8b");
  return { status: apiError.status, message: apiError.message, detail: apiError.detail };
}

describe("toUpstreamApiError", () => {
  it("keeps what a client can act on: a model that is missing or lacks a capability", () => {
    expect(publicFacts(responseError(404, 'model "qwen3:8b" not found, try pulling it first'))).toMatchObject({
      status: 404,
      message: "model qwen3:8b is not available in Ollama (it has not been pulled)",
    });
    expect(publicFacts(responseError(400, '"qwen3:8b" does not support thinking'))).toMatchObject({
      status: 400,
      message: "Ollama rejected the request for qwen3:8b: model qwen3:8b does not support thinking",
    });
  });

  it("drops paths and internals from what the client sees, and keeps them for the log", () => {
    const internal = "llama runner process has terminated: error loading model /root/.ollama/models/blobs/sha256-abc: cudaMalloc failed";
    for (const error of [responseError(500, internal), new Error(internal)]) {
      const { status, message, detail } = publicFacts(error);
      expect(status).toBe(502);
      expect(message).not.toMatch(/\/root|sha256|cuda|runner/i);
      expect(detail).toContain(internal);
    }
  });

  it("does not name Ollama's address to clients when it is unreachable", () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const { status, message, detail } = publicFacts(refused);
    expect(status).toBe(503);
    expect(message).toBe("Ollama is unreachable (ECONNREFUSED); retry later");
    expect(detail).toContain(host);
  });
});
