/** The LLM layer's surface: what the stack may use. */
export { LLM_CHARTS } from "./charts";
export type { DeclaredModel } from "./declared-model";
export { Llm, type LlmArgs } from "./llm";
export { GATEWAY_LIMIT_DEFAULTS, maxUpstreamSlotsPerUser, type GatewayLimits } from "./gateway-limits";
export { ollamaParallelism } from "./ollama";
export { ollamaIdleWorkload } from "./ollama-idle";
