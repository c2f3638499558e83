import { createHash } from "node:crypto";
import type { CustomModel, ParameterValue } from "../config/declared-model.ts";
import { modelKey } from "./model-name.ts";

/**
 * A hash of everything that goes into a custom model's create request, remembered with the
 * managed set so a changed definition is re-created and an unchanged one is left alone.
 *
 * Comparing with what `/api/show` reports instead would not be robust: Ollama merges the
 * base model's parameters into the new model's, stores numbers as float32 (0.7 comes back
 * as 0.699999988) and prints them in its own Modelfile syntax, so an unchanged model would
 * look changed, or a real change could hide behind an inherited value. The hash changes
 * exactly when the declaration does. A custom base's fingerprint is folded in, so a model
 * made from a re-created custom model is re-created too.
 */
export function fingerprint(model: CustomModel, baseFingerprint?: string): string {
  const definition = {
    from: modelKey(model.from),
    baseFingerprint: baseFingerprint ?? null,
    system: model.system ?? null,
    parameters: sortedParameters(model.parameters),
  };
  return `sha256:${createHash("sha256").update(JSON.stringify(definition)).digest("hex")}`;
}

/** Key order carries no meaning in the stack file, so it must not change the hash. */
function sortedParameters(parameters: Readonly<Record<string, ParameterValue>>): [string, ParameterValue][] {
  return Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
