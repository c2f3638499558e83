import { configKey } from "../config-problems";
import type { KedaConfig } from "./keda-config";

/** What the idle check reads: the LLM layer's key, the data layer's KEDA and the switches. */
export interface OllamaIdleChecked {
  readonly llm: { readonly ollamaIdleMinutes?: number; readonly chatBackend: "gateway" | "ollama" };
  readonly data: { readonly keda: KedaConfig };
  readonly features: Readonly<Record<string, boolean>>;
}

/** Ollama sleeps through KEDA on a gateway metric in Prometheus: each of those must be there. */
export function ollamaIdleProblems(config: OllamaIdleChecked): string[] {
  if (config.llm.ollamaIdleMinutes === undefined || !config.features.llm) return [];
  const key = configKey(["llm", "ollamaIdleMinutes"]);
  const missing = [
    ...(config.features.data && config.data.keda.enabled ? [] : ["KEDA (features.data and data.keda.enabled)"]),
    ...(config.features.observability ? [] : ["Prometheus (features.observability)"]),
    ...(config.llm.chatBackend === "gateway" ? [] : ["Open WebUI talking to the gateway (llm.chatBackend: gateway), where requests are counted"]),
  ];
  return missing.length === 0 ? [] : [`${key}: Ollama sleeps through KEDA on the gateway's request count; it needs ${missing.join(", ")}`];
}
