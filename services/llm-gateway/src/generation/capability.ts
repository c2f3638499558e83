import { ApiError } from "../http/api-error.ts";
import type { ServedModel } from "../models/model-catalog.ts";
import type { CapabilityCache } from "../ollama/capability-cache.ts";
import { toUpstreamApiError } from "../ollama/upstream-failure.ts";

/** Ollama's `/api/show` capabilities; a failed look-up is reported as Ollama's failure. */
export async function capabilitiesOf(model: ServedModel, capabilities: CapabilityCache, ollamaHost: string): Promise<readonly string[]> {
  // A hosted model's server has no /api/show; its capabilities are configured.
  if (model.hosted) return ["completion", ...model.hosted.capabilities];
  try {
    return await capabilities.get(model.upstream);
  } catch (error) {
    throw toUpstreamApiError(error, ollamaHost, model.upstream).apiError;
  }
}

export interface CapabilityNeed {
  /** Ollama's name for it: "thinking", "tools", "vision". */
  readonly capability: string;
  /** The request field that asked for it. */
  readonly param: string;
  /** What the client can do instead, e.g. "omit tools or choose a model with tool calling". */
  readonly remedy: string;
}

/** Refuses, before Ollama sees the request, what the model cannot do: a 400 naming the field. */
export async function requireCapability(model: ServedModel, need: CapabilityNeed, capabilities: CapabilityCache, ollamaHost: string): Promise<void> {
  const supported = await capabilitiesOf(model, capabilities, ollamaHost);
  if (supported.includes(need.capability)) return;
  throw new ApiError(
    400,
    `model ${model.id} (${model.upstream}) does not support ${need.capability} (its capabilities: ${supported.join(", ") || "none"}); ${need.remedy}`,
    { param: need.param, code: `${need.capability}_not_supported` },
  );
}
