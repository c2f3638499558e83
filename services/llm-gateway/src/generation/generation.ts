import { randomUUID } from "node:crypto";
import type { ChatRequest } from "ollama";
import type { Timeouts } from "../config/config.ts";
import { ApiError, tooManyRequests } from "../http/api-error.ts";
import { QueueFullError, type FairQueue } from "../limits/fair-queue.ts";
import type { Release } from "../limits/stream-slots.ts";
import type { ServedModel } from "../models/model-catalog.ts";
import type { UpstreamFailureReason } from "../ollama/upstream-failure.ts";
import type { ChatUpstream, UpstreamChunk } from "./chat-upstream.ts";
import { Deadline } from "./deadline.ts";
import type { AssistantToolCall, GenerationEvent, GenerationRequest, GenerationResult } from "./generation-request.ts";
import { toolCallId } from "./tool-call-id.ts";
import type { WarmModels } from "./warm-models.ts";

const QUEUE_FULL_RETRY_AFTER_SECONDS = 2;

export interface GenerationDeps {
  /** Ollama, or the OpenAI-compatible server of a hosted model. */
  readonly upstreamFor: (model: ServedModel) => ChatUpstream;
  readonly queue: FairQueue;
  readonly warmModels: WarmModels;
  readonly timeouts: Timeouts;
  /** Ceiling on `num_predict`: the most tokens one answer may generate (MAX_COMPLETION_TOKENS). */
  readonly maxCompletionTokens: number;
}

export type FailureReason = UpstreamFailureReason | "timeout" | "queue_full" | "shutdown";

interface Timing {
  readonly durationMs: number;
  readonly firstTokenMs: number | undefined;
}

type Ending =
  | { readonly status: "completed"; readonly result: GenerationResult }
  | { readonly status: "failed"; readonly error: ApiError; readonly reason: FailureReason }
  | { readonly status: "aborted" };

export type GenerationOutcome = Ending & Timing;

/**
 * One answer from Ollama, from the queue to the last token.
 *
 * The upstream call starts at construction, so a caller can wait for
 * `started` (the model answered, or failed before answering) before it
 * commits to a status code. Every way out (done, error, time-out, abort)
 * releases the queue slot and settles `finished` exactly once.
 */
export class Generation {
  readonly id = `chatcmpl-${randomUUID()}`;
  readonly created = Math.floor(Date.now() / 1000);
  readonly started: Promise<void>;
  readonly finished: Promise<GenerationOutcome>;

  readonly #controller = new AbortController();
  readonly #startedAt = performance.now();
  readonly #tokenDeadline = new Deadline();
  readonly #totalDeadline = new Deadline();
  #settle!: (outcome: GenerationOutcome) => void;
  #settled = false;
  #stream: AsyncIterable<UpstreamChunk> | undefined;
  #releaseSlot: Release | undefined;
  #failure: { error: ApiError; reason: FailureReason } | undefined;
  #firstTokenMs: number | undefined;
  #lastTokenAt = 0;
  readonly #upstream: ChatUpstream;

  constructor(
    readonly request: GenerationRequest,
    private readonly deps: GenerationDeps,
  ) {
    this.#upstream = deps.upstreamFor(request.model);
    this.finished = new Promise((resolve) => (this.#settle = resolve));
    this.#totalDeadline.arm(deps.timeouts.requestMs, () =>
      this.#fail(this.#timeout(`no complete answer within ${deps.timeouts.requestMs} ms (REQUEST_TIMEOUT_MS)`), "timeout"),
    );
    this.started = this.#start();
    // The caller observes `started`; this keeps a failure nobody awaited yet from counting as unhandled.
    this.started.catch(() => undefined);
  }

  get user(): string {
    return this.request.user;
  }

  /** Stops the generation because its client went away; the outcome is `aborted`. */
  abort(): void {
    if (this.#settled) return;
    this.#controller.abort(new Error("client disconnected"));
    this.#conclude({ status: "aborted" });
  }

  /** Stops the generation with an error the client should still be told about. */
  fail(error: ApiError, reason: FailureReason): void {
    this.#fail(error, reason);
  }

  /** The answer's reasoning, content and tool calls as they arrive, then its result. */
  events(): AsyncGenerator<GenerationEvent, GenerationResult> {
    return this.#answer(true);
  }

  /**
   * The whole answer at once, for answers that are not streamed: the same
   * reading of the upstream stream without an event per token in between,
   * which cost a generator step and two promises each.
   */
  async result(): Promise<GenerationResult> {
    return (await this.#answer(false).next()).value as GenerationResult;
  }

  async *#answer(withEvents: boolean): AsyncGenerator<GenerationEvent, GenerationResult> {
    await this.started;
    const stream = this.#stream as AsyncIterable<UpstreamChunk>;
    let content = "";
    let reasoning = "";
    const toolCalls: AssistantToolCall[] = [];
    try {
      for await (const chunk of stream) {
        this.#tokenArrived();
        const thinking = chunk.message?.thinking;
        const text = chunk.message?.content;
        if (thinking) {
          reasoning += thinking;
          if (withEvents) yield { type: "reasoning", text: thinking };
        }
        if (text) {
          content += text;
          if (withEvents) yield { type: "content", text };
        }
        // Ollama sends each call whole, never split across chunks.
        for (const { function: fn } of chunk.message?.tool_calls ?? []) {
          const call = { id: toolCallId(), name: fn.name, arguments: JSON.stringify(fn.arguments ?? {}) };
          toolCalls.push(call);
          if (withEvents) yield { type: "tool_call", index: toolCalls.length - 1, call };
        }
        if (chunk.done) {
          const result: GenerationResult = {
            content,
            reasoning,
            toolCalls,
            finishReason: chunk.done_reason === "length" ? "length" : toolCalls.length > 0 ? "tool_calls" : "stop",
            promptTokens: chunk.prompt_eval_count ?? 0,
            completionTokens: chunk.eval_count ?? 0,
            reasoningTokens: chunk.reasoningTokens,
          };
          const { model } = this.request;
          this.deps.warmModels.markUsed(model.upstream, model.effectiveKeepAlive);
          this.#conclude({ status: "completed", result });
          return result;
        }
      }
      throw new Error("the stream ended without a final message");
    } catch (error) {
      throw this.#errorFor(error);
    } finally {
      // Reached early when the consumer stops iterating: nobody wants the rest.
      if (!this.#settled) this.abort();
    }
  }

  async #start(): Promise<void> {
    try {
      // Ollama's slots are what the fair queue shares; a hosted model's server has its own.
      this.#releaseSlot = this.request.model.hosted ? () => undefined : await this.deps.queue.acquire(this.user, this.#controller.signal);
      if (this.#settled) {
        // Ended while the slot was being granted; hand it straight back.
        this.#releaseSlot();
        this.#controller.signal.throwIfAborted();
      }
      this.#armFirstToken();
      this.#stream = await this.#upstream.chat(this.#ollamaRequest(), this.#controller.signal);
    } catch (error) {
      throw this.#errorFor(error);
    }
  }

  #ollamaRequest(): ChatRequest {
    const { model, messages, think, options, format, tools } = this.request;
    return {
      model: model.upstream,
      messages: [...messages],
      ...(tools?.length ? { tools: [...tools] } : {}),
      ...(format === undefined ? {} : { format }),
      ...(think === undefined ? {} : { think }),
      ...(model.keepAlive === undefined ? {} : { keep_alive: model.keepAlive }),
      options: {
        ...options,
        num_predict: Math.min(options.num_predict ?? Infinity, this.deps.maxCompletionTokens),
        ...(model.numCtx === undefined ? {} : { num_ctx: model.numCtx }),
      },
    };
  }

  #armFirstToken(): void {
    const { model } = this.request;
    const { firstTokenMs, loadMs } = this.deps.timeouts;
    const warm = model.hosted !== undefined || this.deps.warmModels.isWarm(model.upstream);
    const allowedMs = warm ? firstTokenMs : loadMs + firstTokenMs;
    const explanation = warm
      ? `FIRST_TOKEN_TIMEOUT_MS`
      : `it was not known to be loaded, so LOAD_TIMEOUT_MS + FIRST_TOKEN_TIMEOUT_MS`;
    this.#tokenDeadline.arm(allowedMs, () =>
      this.#fail(this.#timeout(`no first token within ${allowedMs} ms (${explanation})`), "timeout"),
    );
  }

  #tokenArrived(): void {
    const now = performance.now();
    this.#lastTokenAt = now;
    if (this.#firstTokenMs !== undefined) return;
    this.#firstTokenMs = now - this.#startedAt;
    this.#armIdle(this.deps.timeouts.idleMs);
  }

  /**
   * Checks for silence when the timer fires rather than re-arming a timer on
   * every token: tokens come by the hundred, time-outs almost never.
   */
  #armIdle(ms: number): void {
    const { idleMs } = this.deps.timeouts;
    this.#tokenDeadline.arm(ms, () => {
      const quietMs = performance.now() - this.#lastTokenAt;
      if (quietMs < idleMs) this.#armIdle(idleMs - quietMs);
      else this.#fail(this.#timeout(`no token for ${idleMs} ms (IDLE_TIMEOUT_MS)`), "timeout");
    });
  }

  #timeout(detail: string): ApiError {
    const { model } = this.request;
    return new ApiError(504, `model ${model.id} (${model.upstream}) timed out: ${detail}`, { code: "upstream_timeout" });
  }

  #fail(error: ApiError, reason: FailureReason): void {
    if (this.#settled) return;
    this.#failure = { error, reason };
    this.#controller.abort(error);
    this.#conclude({ status: "failed", error, reason });
  }

  /** Names the error a consumer sees, recording the outcome if this error is what ended the generation. */
  #errorFor(error: unknown): ApiError {
    if (this.#failure) return this.#failure.error;
    if (this.#controller.signal.aborted) {
      return new ApiError(499, "the client disconnected", { code: "client_closed" });
    }
    if (error instanceof QueueFullError) {
      const apiError = tooManyRequests(`${error.message}; retry after ${QUEUE_FULL_RETRY_AFTER_SECONDS} s`, QUEUE_FULL_RETRY_AFTER_SECONDS, "queue_full");
      this.#conclude({ status: "failed", error: apiError, reason: "queue_full" });
      return apiError;
    }
    const { reason, apiError } = this.#upstream.failure(error, this.request.model.upstream);
    this.#failure = { error: apiError, reason };
    this.#conclude({ status: "failed", error: apiError, reason });
    return apiError;
  }

  #conclude(outcome: Ending): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#tokenDeadline.disarm();
    this.#totalDeadline.disarm();
    this.#releaseSlot?.();
    if (outcome.status !== "completed") this.#controller.abort();
    this.#settle({ ...outcome, durationMs: performance.now() - this.#startedAt, firstTokenMs: this.#firstTokenMs });
  }
}
