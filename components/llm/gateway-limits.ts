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

/** What images in messages may cost the gateway. */
export interface GatewayImages {
  /** Decoded bytes a request's images may have together (also the largest request body). @default 16777216 (16 MiB) */
  readonly maxBytes?: number;
  /** Time all image URLs of one request may take to fetch. @default 10000 */
  readonly fetchTimeoutMs?: number;
}

/** A phone photo as a data URL passes; the gateway's own default (1 MiB) would refuse it. */
export const GATEWAY_IMAGE_DEFAULTS = { maxBytes: 16 * 1024 * 1024, fetchTimeoutMs: 10_000 } as const;

export function gatewayImagesEnv(images: GatewayImages): { name: string; value: string }[] {
  return [
    { name: "MAX_BODY_BYTES", value: String(images.maxBytes ?? GATEWAY_IMAGE_DEFAULTS.maxBytes) },
    { name: "IMAGE_FETCH_TIMEOUT_MS", value: String(images.fetchTimeoutMs ?? GATEWAY_IMAGE_DEFAULTS.fetchTimeoutMs) },
  ];
}
