import type { CustomModel, DeclaredModel } from "../config/declared-model.ts";
import { fingerprint } from "../models/fingerprint.ts";
import { modelKey } from "../models/model-name.ts";
import type { ManagedModels } from "../state/managed-models.ts";

/** What Ollama holds, as far as the plan needs to know. */
export interface Inventory {
  /** `modelKey`s of every model Ollama lists. */
  readonly present: ReadonlySet<string>;
  /** The system prompt Ollama reports, for the declared custom models that set one and are present. */
  readonly systemPrompts: ReadonlyMap<string, string>;
}

export interface PullStep {
  readonly kind: "pull";
  readonly name: string;
  readonly key: string;
  /** Set when the model is pulled only as the base of this custom model. */
  readonly neededBy?: string;
}

export interface CreateStep {
  readonly kind: "create";
  readonly model: CustomModel;
  readonly key: string;
  readonly fingerprint: string;
  /** Set when the model exists and is replaced, saying why. */
  readonly recreateBecause?: string;
}

/** A managed model no longer wanted: `remove` deletes it from Ollama, `forget` only drops it from the set (it is gone already). */
export interface RemoveStep {
  readonly kind: "remove" | "forget";
  readonly name: string;
  readonly key: string;
}

export type Step = PullStep | CreateStep | RemoveStep;

export interface Plan {
  /** Pulls first, then creates in declaration order (a custom base before its dependants), then removals. */
  readonly steps: readonly Step[];
  /** Declared models that already are as declared. */
  readonly unchanged: readonly string[];
}

type Verdict = { readonly kind: "missing" } | { readonly kind: "outdated"; readonly because: string } | { readonly kind: "current" };

/**
 * Decides what to change so Ollama holds exactly the declared models. Models someone else
 * put there are never removed: only those in the managed set, which lists what this sync
 * pulled or created, and only once neither declared nor the base of a declared model.
 */
export function planSync(declared: readonly DeclaredModel[], managed: ManagedModels, inventory: Inventory): Plan {
  const pulls: PullStep[] = [];
  const creates: CreateStep[] = [];
  const unchanged: string[] = [];
  const fingerprints = new Map<string, string>();

  for (const model of declared) {
    const key = modelKey(model.name);
    if (model.kind === "pulled") {
      // A fingerprint in the set means the name holds a custom model this sync made, not the registry's model.
      const holdsOurCustomModel = managed.get(key)?.fingerprint !== undefined;
      if (inventory.present.has(key) && !holdsOurCustomModel) unchanged.push(model.name);
      else pulls.push({ kind: "pull", name: model.name, key });
      continue;
    }
    const print = fingerprint(model, fingerprints.get(modelKey(model.from)));
    fingerprints.set(key, print);
    const verdict = judge(model, key, print, managed, inventory);
    if (verdict.kind === "current") unchanged.push(model.name);
    else creates.push({ kind: "create", model, key, fingerprint: print, ...(verdict.kind === "outdated" ? { recreateBecause: verdict.because } : {}) });
  }

  const declaredKeys = new Set(declared.map((model) => modelKey(model.name)));
  for (const { model } of creates) {
    const baseKey = modelKey(model.from);
    const coming = declaredKeys.has(baseKey) || pulls.some((pull) => pull.key === baseKey);
    if (!coming && !inventory.present.has(baseKey)) pulls.push({ kind: "pull", name: model.from, key: baseKey, neededBy: model.name });
  }

  const baseKeys = declared.flatMap((model) => (model.kind === "custom" ? [modelKey(model.from)] : []));
  const required = new Set([...declaredKeys, ...baseKeys]);
  const removals = [...managed]
    .filter(([key]) => !required.has(key))
    .map(([key, { name }]): RemoveStep => ({ kind: inventory.present.has(key) ? "remove" : "forget", name, key }));

  return { steps: [...pulls, ...creates, ...removals], unchanged };
}

function judge(model: CustomModel, key: string, print: string, managed: ManagedModels, inventory: Inventory): Verdict {
  if (!inventory.present.has(key)) return { kind: "missing" };
  const known = managed.get(key)?.fingerprint;
  if (known === undefined) return { kind: "outdated", because: "it was not created by model-sync" };
  if (known !== print) return { kind: "outdated", because: "its definition changed" };
  // The fingerprint cannot see a change made by hand; a prompt is stored verbatim, so Ollama's copy is comparable.
  if (model.system !== undefined && inventory.systemPrompts.get(key) !== model.system) {
    return { kind: "outdated", because: "its system prompt in Ollama differs from the declared one" };
  }
  return { kind: "current" };
}
