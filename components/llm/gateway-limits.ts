/**
 * What the gateway bounds per user, so that one user (or Open WebUI's shared key) can
 * neither hold every Ollama slot nor fill its volume and memory. The service reads these
 * environment variables; its own defaults are the same.
 */
export interface GatewayLimits {
  /** Ollama slots one user may hold at once. @default Ollama's parallelism − 1, at least 1 */
  readonly upstreamSlotsPerUser?: number;
  /** Ceiling on the tokens one answer may generate (Ollama's `num_predict`). @default 8192 */
  readonly completionTokens?: number;
  /** Conversations one user may keep. @default 1000 */
  readonly conversationsPerUser?: number;
  /** Bytes of stored history (titles, prompts, messages) one user may keep. @default 67108864 (64 MiB) */
  readonly storedBytesPerUser?: number;
}

export const GATEWAY_LIMIT_DEFAULTS = {
  completionTokens: 8192,
  conversationsPerUser: 1000,
  storedBytesPerUser: 64 * 1024 * 1024,
} as const;

/**
 * The most slots one user may hold: one fewer than Ollama serves, so another user's request
 * starts while one user floods; with a single slot there is nothing to keep back.
 */
export function maxUpstreamSlotsPerUser(parallelism: number): number {
  return Math.max(1, parallelism - 1);
}

/** The limits as the gateway's environment, every default filled in so the render shows it. */
export function gatewayLimitsEnv(limits: GatewayLimits, parallelism: number): { name: string; value: string }[] {
  const values = {
    MAX_UPSTREAM_SLOTS_PER_USER: limits.upstreamSlotsPerUser ?? maxUpstreamSlotsPerUser(parallelism),
    MAX_COMPLETION_TOKENS: limits.completionTokens ?? GATEWAY_LIMIT_DEFAULTS.completionTokens,
    MAX_CONVERSATIONS_PER_USER: limits.conversationsPerUser ?? GATEWAY_LIMIT_DEFAULTS.conversationsPerUser,
    MAX_STORED_BYTES_PER_USER: limits.storedBytesPerUser ?? GATEWAY_LIMIT_DEFAULTS.storedBytesPerUser,
  };
  return Object.entries(values).map(([name, value]) => ({ name, value: String(value) }));
}
