import { z } from "zod";
import { ApiError } from "../http/api-error.ts";
import type { ServedModel } from "../models/model-catalog.ts";
import type { CapabilityCache } from "../ollama/capability-cache.ts";
import { capabilitiesOf, requireCapability } from "./capability.ts";
import type { Think } from "./generation-request.ts";

export const thinkSchema = z.union([z.boolean(), z.enum(["low", "medium", "high"])]);

export const reasoningEffortSchema = z.enum(["none", "minimal", "low", "medium", "high"]);

/** OpenAI's effort names mapped onto Ollama's levels; "minimal" is the nearest Ollama has, "low". */
const effortToThink: Record<z.infer<typeof reasoningEffortSchema>, Think> = {
  none: false,
  minimal: "low",
  low: "low",
  medium: "medium",
  high: "high",
};

export function requestedThink(think: Think | null | undefined, reasoningEffort: z.infer<typeof reasoningEffortSchema> | null | undefined): Think | undefined {
  if (think != null && reasoningEffort != null) {
    throw new ApiError(400, "invalid request: give either think or reasoning_effort, not both", { param: "think" });
  }
  if (think != null) return think;
  if (reasoningEffort != null) return effortToThink[reasoningEffort];
  return undefined;
}

/**
 * Checks a thinking request against the model's capabilities before Ollama
 * sees it. Turning thinking off on a model that cannot think is a no-op, so
 * the flag is dropped rather than refused.
 */
export async function thinkForModel(model: ServedModel, think: Think | undefined, capabilities: CapabilityCache, ollamaHost: string): Promise<Think | undefined> {
  if (think === undefined) return undefined;
  if (think === false && !(await capabilitiesOf(model, capabilities, ollamaHost)).includes("thinking")) return undefined;
  await requireCapability(
    model,
    { capability: "thinking", param: "think", remedy: "omit think/reasoning_effort or choose a thinking model" },
    capabilities,
    ollamaHost,
  );
  return think;
}
