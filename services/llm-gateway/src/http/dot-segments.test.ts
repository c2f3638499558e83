import { describe, expect, it } from "vitest";
import { hasDotSegment } from "./dot-segments.ts";

describe("hasDotSegment", () => {
  it("finds dot segments however they are written", () => {
    for (const target of ["/v1/../metrics", "/v1/%2e%2e/metrics", "/v1/%2E%2e/metrics", "/v1/./models", "/v1/%2e/models", "/v1/..\\metrics", "/.."]) {
      expect(hasDotSegment(target), target).toBe(true);
    }
  });

  it("leaves names that merely contain dots alone, and ignores the query", () => {
    for (const target of ["/v1/models/llama3.2:1b", "/v1/models/...", "/v1/conversations?after=..", "/v1/.well-known"]) {
      expect(hasDotSegment(target), target).toBe(false);
    }
  });
});
