import type { OllamaUpstream } from "./ollama-upstream.ts";

const CAPABILITIES_TTL_MS = 5 * 60_000;
const LOOKUP_TIMEOUT_MS = 10_000;

/**
 * Model capabilities from Ollama's `/api/show`, cached because they change only
 * when a model is re-pulled. Failed look-ups are not cached.
 */
export class CapabilityCache {
  readonly #entries = new Map<string, { expiresAt: number; capabilities: Promise<readonly string[]> }>();

  constructor(
    private readonly upstream: OllamaUpstream,
    private readonly now: () => number = Date.now,
  ) {}

  get(model: string): Promise<readonly string[]> {
    const cached = this.#entries.get(model);
    if (cached && cached.expiresAt > this.now()) return cached.capabilities;
    const capabilities = this.upstream.capabilities(model, AbortSignal.timeout(LOOKUP_TIMEOUT_MS));
    this.#entries.set(model, { expiresAt: this.now() + CAPABILITIES_TTL_MS, capabilities });
    capabilities.catch(() => this.#entries.delete(model));
    return capabilities;
  }
}
