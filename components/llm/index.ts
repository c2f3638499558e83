/** The LLM layer's surface: what the stack may use. */
export { LLM_CHARTS } from "./charts";
export type { DeclaredModel } from "./declared-model";
export { Llm, type LlmArgs } from "./llm";
export { GATEWAY_IMAGE_DEFAULTS, GATEWAY_LIMIT_DEFAULTS, maxUpstreamSlotsPerUser, type GatewayImages, type GatewayLimits } from "./gateway-limits";
export { OPEN_WEBUI_GROUP, type GatewayQuotas } from "./gateway-quotas";
export type { HostedModel } from "./hosted-model";
export { ollamaParallelism } from "./ollama";
export { ollamaIdleWorkload } from "./ollama-idle";
