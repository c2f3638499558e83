import type { Context } from "hono";
import type { Generations } from "../generation/generations.ts";
import type { Generation } from "../generation/generation.ts";
import type { GenerationRequest } from "../generation/generation-request.ts";
import { tooManyRequests } from "../http/api-error.ts";
import type { GatewayMetrics } from "../metrics/gateway-metrics.ts";
import type { ModelCatalog } from "../models/model-catalog.ts";
import type { UsageLedger } from "../usage/usage-ledger.ts";
import { onClientGone } from "../http/client-gone.ts";
import type { GatewayEnv } from "../http/gateway-env.ts";
import type { StreamSlots } from "../limits/stream-slots.ts";
import { completion } from "./completion-payloads.ts";
import { completionFrames, type StreamOptions } from "./completion-stream.ts";
import { frameStream, sseHeaders, withKeepAlive } from "./sse.ts";

export interface AnswerDeps {
  readonly generations: Generations;
  readonly catalog: ModelCatalog;
  readonly metrics: GatewayMetrics;
  readonly usage: UsageLedger;
  readonly streamSlots: StreamSlots;
  readonly keepAliveMs: number;
}

export interface AnswerOptions extends StreamOptions {
  readonly stream: boolean;
}

/**
 * Produces an answer in chat-completion form, streamed or whole. Whichever
 * way, a client that disconnects aborts the generation upstream, so the GPU
 * stops working for nobody.
 */
export async function answer(c: Context<GatewayEnv>, deps: AnswerDeps, request: GenerationRequest, options: AnswerOptions): Promise<Response> {
  await deps.usage.checkQuota(c.get("principal"));
  const release = deps.streamSlots.tryAcquire(request.user);
  if (!release) {
    throw tooManyRequests(
      `you already have ${deps.streamSlots.perUser} answers in progress (MAX_STREAMS_PER_USER); retry when one has finished`,
      1,
      "too_many_streams",
    );
  }
  let generation: Generation;
  try {
    generation = await startWithFallback(c, deps, request);
  } catch (error) {
    // Refused before it began (shutting down, queue full): the slot was never used.
    release();
    throw error;
  }
  void generation.finished.then(release);
  c.set("generation", generation);
  onClientGone(c, () => generation.abort());
  return options.stream ? streamed(c, generation, deps.keepAliveMs, options) : whole(c, generation, options);
}

/** Failures a fallback can help with: the model's server is down or full, not the request wrong. */
const FALLBACK_REASONS: ReadonlySet<string> = new Set(["unreachable", "busy", "queue_full"]);

/**
 * Starts the generation and, when the model names a fallback and its server
 * fails before answering (within KEEPALIVE_INTERVAL_MS), starts the
 * fallback's instead; the response says so in `X-Model-Fallback`.
 */
async function startWithFallback(c: Context<GatewayEnv>, deps: AnswerDeps, request: GenerationRequest): Promise<Generation> {
  const generation = deps.generations.start(request);
  if (request.model.fallback === undefined) return generation;
  const failedEarly = await settledWithin(
    generation.started.then(
      () => false,
      () => true,
    ),
    deps.keepAliveMs,
  );
  if (!failedEarly) return generation;
  const outcome = await generation.finished;
  if (outcome.status !== "failed" || !FALLBACK_REASONS.has(outcome.reason)) return generation;
  const fallback = deps.catalog.resolve(request.model.fallback);
  deps.metrics.fallbacks.inc({ model: request.model.id, fallback: fallback.id, reason: outcome.reason });
  c.header("X-Model-Fallback", fallback.id);
  return startWithFallback(c, deps, { ...request, model: fallback });
}

async function whole(c: Context<GatewayEnv>, generation: Generation, options: AnswerOptions): Promise<Response> {
  const result = await generation.result();
  await options.onComplete?.(result);
  return c.json(completion(generation, result, options.hideReasoning, options.extras));
}

async function streamed(c: Context<GatewayEnv>, generation: Generation, keepAliveMs: number, options: AnswerOptions): Promise<Response> {
  // Until the model answers, a failure (queue full, Ollama busy or down) can
  // still get its own status code. A model that takes longer, e.g. while it
  // loads, gets the stream opened with keep-alive comments instead.
  await settledWithin(generation.started, keepAliveMs);
  let closed!: () => void;
  c.set("streamClosed", new Promise<void>((resolve) => (closed = resolve)));
  const frames = withKeepAlive(completionFrames(generation, options), keepAliveMs);
  const body = frameStream(frames, { onCancel: () => generation.abort(), onClose: () => closed() });
  return new Response(body, { headers: sseHeaders });
}

/** Waits for `promise` for at most `ms`: its value if it comes in time; rethrows its rejection if that does. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, elapsed]);
  } finally {
    clearTimeout(timer);
  }
}
