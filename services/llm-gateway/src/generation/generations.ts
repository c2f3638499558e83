import { ApiError } from "../http/api-error.ts";
import type { GatewayMetrics } from "../metrics/gateway-metrics.ts";
import type { UsageLedger } from "../usage/usage-ledger.ts";
import { Generation, type GenerationDeps, type GenerationOutcome } from "./generation.ts";
import type { GenerationRequest } from "./generation-request.ts";

/** Starts generations, keeps the running ones for shutdown, and counts what each one did. */
export class Generations {
  readonly #running = new Set<Generation>();
  #draining = false;

  constructor(
    private readonly deps: GenerationDeps,
    private readonly metrics: GatewayMetrics,
    private readonly usage: UsageLedger,
  ) {}

  get running(): number {
    return this.#running.size;
  }

  start(request: GenerationRequest): Generation {
    // Keep-alive connections can still bring requests after the listener has closed.
    if (this.#draining) throw new ApiError(503, "the gateway is shutting down; retry the request", { code: "shutting_down" });
    const generation = new Generation(request, this.deps);
    this.#running.add(generation);
    void generation.finished.then((outcome) => {
      this.#running.delete(generation);
      this.#record(generation, outcome);
    });
    return generation;
  }

  /**
   * Lets running generations finish for up to `graceMs`, then ends the rest
   * with an error their clients are told about.
   */
  async drain(graceMs: number): Promise<void> {
    this.#draining = true;
    const all = () => Promise.all([...this.#running].map((generation) => generation.finished));
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<"grace-over">((resolve) => (timer = setTimeout(resolve, graceMs, "grace-over")));
    const first = await Promise.race([all(), graceOver]).finally(() => clearTimeout(timer));
    if (first !== "grace-over") return;
    const error = new ApiError(503, `the gateway is shutting down and its ${graceMs} ms grace period is over; retry the request`, {
      code: "shutting_down",
    });
    for (const generation of this.#running) generation.fail(error, "shutdown");
    await all();
  }

  #record(generation: Generation, outcome: GenerationOutcome): void {
    const model = generation.request.model.id;
    if (outcome.firstTokenMs !== undefined) this.metrics.timeToFirstToken.observe(outcome.firstTokenMs / 1000, { model });
    if (outcome.status === "completed") {
      const { user } = generation;
      this.metrics.tokens.inc({ model, user, direction: "in" }, outcome.result.promptTokens);
      this.metrics.tokens.inc({ model, user, direction: "out" }, outcome.result.completionTokens);
      if (outcome.result.reasoningTokens !== undefined) this.metrics.reasoningTokens.inc({ model, user }, outcome.result.reasoningTokens);
      this.usage.record(user, model, outcome.result);
    }
    if (outcome.status === "failed") this.metrics.upstreamErrors.inc({ model, reason: outcome.reason });
  }
}
