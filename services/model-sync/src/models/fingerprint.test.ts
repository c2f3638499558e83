import { describe, expect, it } from "vitest";
import type { CustomModel } from "../config/declared-model.ts";
import { fingerprint } from "./fingerprint.ts";

const mario: CustomModel = {
  kind: "custom",
  name: "mario",
  from: "qwen3:0.6b",
  system: "You are Mario.",
  parameters: { temperature: 0.7, stop: ["</s>"] },
};

describe("fingerprint", () => {
  it("is stable across runs and ignores parameter order and base name spelling", () => {
    const reordered: CustomModel = { ...mario, from: "library/qwen3:0.6b", parameters: { stop: ["</s>"], temperature: 0.7 } };
    expect(fingerprint(reordered)).toBe(fingerprint(mario));
    expect(fingerprint(mario)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("changes with the prompt, a parameter, the base or the base's own fingerprint", () => {
    const variants = [
      mario,
      { ...mario, system: "You are Luigi." },
      { ...mario, parameters: { temperature: 0.8, stop: ["</s>"] } },
      { ...mario, parameters: { temperature: 0.7, stop: ["</s>", "user:"] } },
      { ...mario, from: "qwen3:8b" },
    ].map((model) => fingerprint(model));
    variants.push(fingerprint(mario, "sha256:base"));
    expect(new Set(variants).size).toBe(variants.length);
  });

  it("tells an absent prompt (keep the base's) from an empty one (remove it)", () => {
    const { system: _, ...withoutPrompt } = mario;
    expect(fingerprint(withoutPrompt)).not.toBe(fingerprint({ ...mario, system: "" }));
  });

  it("ignores the name: the name is where the model goes, not what it is", () => {
    expect(fingerprint({ ...mario, name: "mario:v2" })).toBe(fingerprint(mario));
  });
});
