import { keepAliveMs } from "../ollama/duration.ts";

/**
 * Remembers which models answered recently enough to still be loaded in
 * Ollama. A model that is not known to be warm may need a cold load first,
 * which can take minutes for a large model, so it gets the load time-out on
 * top of the first-token time-out instead of being cut off.
 */
export class WarmModels {
  readonly #warmUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  markUsed(upstream: string, keepAlive: string | number): void {
    this.#warmUntil.set(upstream, this.now() + keepAliveMs(keepAlive));
  }

  isWarm(upstream: string): boolean {
    return (this.#warmUntil.get(upstream) ?? 0) > this.now();
  }
}
