import { describe, expect, it } from "vitest";
import { contentName } from "./content-name";

describe("contentName", () => {
  it("is stable for the same inputs and differs when any changes", () => {
    expect(contentName("buckets", "a,b")).toBe(contentName("buckets", "a,b"));
    expect(contentName("buckets", "a,b")).toMatch(/^buckets-[0-9a-f]{10}$/);
    expect(contentName("buckets", "a,c")).not.toBe(contentName("buckets", "a,b"));
  });

  it("keeps inputs apart: moving a boundary changes the name", () => {
    expect(contentName("x", "ab", "c")).not.toBe(contentName("x", "a", "bc"));
  });
});
