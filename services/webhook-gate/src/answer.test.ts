import { describe, expect, it } from "vitest";
import { describeAnswer, verdict } from "./answer.ts";

describe("verdict", () => {
  it.each([
    [201, "accepted"],
    [200, "accepted"],
    [409, "accepted"],
    [500, "retry"],
    [503, "retry"],
    [404, "retry"],
    [429, "retry"],
    [400, "refused"],
    [401, "refused"],
    [403, "refused"],
    [422, "refused"],
  ] as const)("HTTP %i is %s", (status, expected) => {
    expect(verdict({ kind: "http", status, body: {} })).toBe(expected);
  });

  it("retries when nothing answered", () => {
    expect(verdict({ kind: "no-answer", reason: "ECONNRESET" })).toBe("retry");
  });
});

describe("describeAnswer", () => {
  it("gives the status and the API server's message, or the body's text", () => {
    expect(describeAnswer({ kind: "http", status: 500, body: { kind: "Status", message: "failed calling webhook" } })).toBe("HTTP 500: failed calling webhook");
    expect(describeAnswer({ kind: "http", status: 502, body: "Bad Gateway\n" })).toBe("HTTP 502: Bad Gateway");
    expect(describeAnswer({ kind: "http", status: 503, body: "" })).toBe("HTTP 503");
  });
});
