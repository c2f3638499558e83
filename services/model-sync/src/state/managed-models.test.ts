import { describe, expect, it } from "vitest";
import { parseManagedModels, serializeManagedModels, StateError } from "./managed-models.ts";

describe("managed set format", () => {
  it("reads back what it writes, sorted so the ConfigMap diff stays small", () => {
    const models = new Map([
      ["qwen3:0.6b", { name: "qwen3:0.6b" }],
      ["mario:latest", { name: "mario", fingerprint: "sha256:abc" }],
    ]);
    const text = serializeManagedModels(models);
    expect(text.indexOf("mario:latest")).toBeLessThan(text.indexOf("qwen3:0.6b"));
    expect(parseManagedModels(text, "test")).toEqual(models);
  });

  it("refuses text it did not write, saying where it came from and how to recover", () => {
    expect(() => parseManagedModels("{}", "ConfigMap llm/model-sync")).toThrow(StateError);
    expect(() => parseManagedModels('{"version":2,"models":{}}', "ConfigMap llm/model-sync")).toThrow(
      /^ConfigMap llm\/model-sync does not hold a managed set of format version 1 \(.*version.*\); remove it to start afresh/,
    );
    expect(() => parseManagedModels("not json", "file /tmp/x")).toThrow(/^file \/tmp\/x does not hold a managed set .*JSON/);
  });
});
