import type { EmbedRequest } from "ollama";
import { ApiError, tooManyRequests } from "../http/api-error.ts";
import { QueueFullError, type FairQueue } from "../limits/fair-queue.ts";
import type { StreamSlots } from "../limits/stream-slots.ts";
import type { GatewayMetrics } from "../metrics/gateway-metrics.ts";
import type { ServedModel } from "../models/model-catalog.ts";
import type { OllamaUpstream } from "../ollama/ollama-upstream.ts";
import type { QuotaSubject, UsageLedger } from "../usage/usage-ledger.ts";
import { toUpstreamApiError } from "../ollama/upstream-failure.ts";

const QUEUE_FULL_RETRY_AFTER_SECONDS = 2;

export interface EmbedderDeps {
  readonly upstream: OllamaUpstream;
  readonly queue: FairQueue;
  readonly streamSlots: StreamSlots;
  readonly metrics: GatewayMetrics;
  readonly usage: UsageLedger;
  /** REQUEST_TIMEOUT_MS: the longest an embedding may take, queueing included. */
  readonly requestTimeoutMs: number;
}

export interface Embeddings {
  readonly vectors: number[][];
  readonly promptTokens: number;
}

/**
 * Embeddings from Ollama under the same per-user bounds as answers: a slot
 * of MAX_STREAMS_PER_USER, a turn in the fair queue for an upstream slot, and
 * the request time-out; tokens and failures are counted like a chat's.
 */
export class Embedder {
  constructor(private readonly deps: EmbedderDeps) {}

  async embed(who: QuotaSubject, model: ServedModel, input: readonly string[], dimensions: number | undefined, clientGone: AbortSignal): Promise<Embeddings> {
    await this.deps.usage.checkQuota(who);
    const { user } = who;
    const release = this.deps.streamSlots.tryAcquire(user);
    if (!release) {
      throw tooManyRequests(
        `you already have ${this.deps.streamSlots.perUser} requests in progress (MAX_STREAMS_PER_USER); retry when one has finished`,
        1,
        "too_many_streams",
      );
    }
    const timeout = AbortSignal.timeout(this.deps.requestTimeoutMs);
    const signal = AbortSignal.any([timeout, clientGone]);
    try {
      const releaseSlot = await this.deps.queue.acquire(user, signal);
      try {
        const response = await this.deps.upstream.embed(this.#request(model, input, dimensions), signal);
        this.deps.metrics.tokens.inc({ model: model.id, user, direction: "in" }, response.prompt_eval_count ?? 0);
        this.deps.usage.record(user, model.id, { promptTokens: response.prompt_eval_count ?? 0, completionTokens: 0 });
        return { vectors: response.embeddings, promptTokens: response.prompt_eval_count ?? 0 };
      } finally {
        releaseSlot();
      }
    } catch (error) {
      throw this.#failure(error, model, timeout);
    } finally {
      release();
    }
  }

  #request(model: ServedModel, input: readonly string[], dimensions: number | undefined): EmbedRequest {
    return {
      model: model.upstream,
      input: [...input],
      // An input longer than the context is refused rather than silently cut.
      truncate: false,
      ...(dimensions === undefined ? {} : { dimensions }),
      ...(model.keepAlive === undefined ? {} : { keep_alive: model.keepAlive }),
      ...(model.numCtx === undefined ? {} : { options: { num_ctx: model.numCtx } }),
    };
  }

  #failure(error: unknown, model: ServedModel, timeout: AbortSignal): ApiError {
    if (error instanceof QueueFullError) {
      return tooManyRequests(`${error.message}; retry after ${QUEUE_FULL_RETRY_AFTER_SECONDS} s`, QUEUE_FULL_RETRY_AFTER_SECONDS, "queue_full");
    }
    if (timeout.aborted) {
      this.deps.metrics.upstreamErrors.inc({ model: model.id, reason: "timeout" });
      return new ApiError(504, `model ${model.id} (${model.upstream}) timed out: no embeddings within REQUEST_TIMEOUT_MS`, { code: "upstream_timeout" });
    }
    const { reason, apiError } = toUpstreamApiError(error, this.deps.upstream.host, model.upstream);
    this.deps.metrics.upstreamErrors.inc({ model: model.id, reason });
    if (apiError.status === 400 && /input length exceeds/i.test(apiError.detail ?? "")) {
      return new ApiError(400, `invalid request: input: a text is longer than the context of model ${model.id} (${model.upstream})`, {
        param: "input",
        code: "context_length_exceeded",
      });
    }
    return apiError;
  }
}
