import { describe, expect, it } from "vitest";
import type { CustomModel, DeclaredModel } from "../config/declared-model.ts";
import { fingerprint } from "../models/fingerprint.ts";
import type { ManagedModel } from "../state/managed-models.ts";
import { planSync, type Inventory } from "./plan.ts";

const qwen: DeclaredModel = { kind: "pulled", name: "qwen3:0.6b" };
const mario: CustomModel = { kind: "custom", name: "mario", from: "qwen3:0.6b", system: "You are Mario.", parameters: { temperature: 0.7 } };
const luigi: CustomModel = { kind: "custom", name: "luigi", from: "mario", system: "You are Luigi.", parameters: {} };

function inventory(present: string[], systemPrompts: Record<string, string> = {}): Inventory {
  return { present: new Set(present), systemPrompts: new Map(Object.entries(systemPrompts)) };
}

function managed(entries: Record<string, ManagedModel>): Map<string, ManagedModel> {
  return new Map(Object.entries(entries));
}

/** Steps as short strings, so a plan reads like the log it will produce. */
function steps(declared: DeclaredModel[], set: Map<string, ManagedModel>, held: Inventory): string[] {
  return planSync(declared, set, held).steps.map((step) => {
    switch (step.kind) {
      case "pull":
        return step.neededBy ? `pull ${step.name} for ${step.neededBy}` : `pull ${step.name}`;
      case "create":
        return step.recreateBecause ? `re-create ${step.model.name}: ${step.recreateBecause}` : `create ${step.model.name}`;
      default:
        return `${step.kind} ${step.name}`;
    }
  });
}

describe("planSync", () => {
  it("pulls what is missing and leaves what is there, whoever put it there", () => {
    const other: DeclaredModel = { kind: "pulled", name: "llama3.2" };
    const plan = planSync([qwen, other], new Map(), inventory(["llama3.2:latest"]));
    expect(plan.steps).toEqual([{ kind: "pull", name: "qwen3:0.6b", key: "qwen3:0.6b" }]);
    expect(plan.unchanged).toEqual(["llama3.2"]);
  });

  it("pulls a base before creating a custom model, and only when it is missing", () => {
    expect(steps([mario], new Map(), inventory([]))).toEqual(["pull qwen3:0.6b for mario", "create mario"]);
    expect(steps([mario], new Map(), inventory(["qwen3:0.6b"]))).toEqual(["create mario"]);
    expect(steps([mario, qwen], new Map(), inventory([]))).toEqual(["pull qwen3:0.6b", "create mario"]);
  });

  it("leaves a custom model whose definition and prompt match, even if its base is gone", () => {
    const set = managed({ "mario:latest": { name: "mario", fingerprint: fingerprint(mario) } });
    const plan = planSync([mario], set, inventory(["mario:latest"], { "mario:latest": "You are Mario." }));
    expect(plan.steps).toEqual([]);
    expect(plan.unchanged).toEqual(["mario"]);
  });

  it("re-creates a custom model that changed, was changed by hand, or was not made by the sync", () => {
    const held = inventory(["qwen3:0.6b", "mario:latest"], { "mario:latest": "You are Mario." });
    const current = managed({ "mario:latest": { name: "mario", fingerprint: fingerprint(mario) } });
    const warmer = { ...mario, parameters: { temperature: 0.9 } };
    expect(steps([warmer], current, held)).toEqual(["re-create mario: its definition changed"]);
    expect(steps([mario], new Map(), held)).toEqual(["re-create mario: it was not created by model-sync"]);
    const edited = inventory(["qwen3:0.6b", "mario:latest"], { "mario:latest": "You are Wario." });
    expect(steps([mario], current, edited)).toEqual(["re-create mario: its system prompt in Ollama differs from the declared one"]);
  });

  it("re-creates a model made from a custom model when that base changes", () => {
    const before = managed({
      "mario:latest": { name: "mario", fingerprint: fingerprint(mario) },
      "luigi:latest": { name: "luigi", fingerprint: fingerprint(luigi, fingerprint(mario)) },
    });
    const held = inventory(["qwen3:0.6b", "mario:latest", "luigi:latest"], { "mario:latest": "You are Mario.", "luigi:latest": "You are Luigi." });
    expect(steps([mario, luigi], before, held)).toEqual([]);
    const changed = { ...mario, system: "You are Super Mario." };
    expect(steps([changed, luigi], before, held)).toEqual(["re-create mario: its definition changed", "re-create luigi: its definition changed"]);
  });

  it("pulls the registry model over a custom model the sync made under a name now declared as a pull", () => {
    const set = managed({ "mario:latest": { name: "mario", fingerprint: "sha256:old" } });
    expect(steps([{ kind: "pulled", name: "mario" }], set, inventory(["mario:latest"]))).toEqual(["pull mario"]);
  });

  it("removes only managed models that are neither declared nor a declared model's base", () => {
    const set = managed({
      "qwen3:0.6b": { name: "qwen3:0.6b" },
      "old:1b": { name: "old:1b" },
      "gone:1b": { name: "gone:1b" },
    });
    const held = inventory(["qwen3:0.6b", "mario:latest", "old:1b", "by-hand:latest"], { "mario:latest": "You are Mario." });
    expect(steps([mario], set, held)).toEqual(["re-create mario: it was not created by model-sync", "remove old:1b", "forget gone:1b"]);
  });
});
