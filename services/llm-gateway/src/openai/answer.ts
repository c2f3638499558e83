import type { Context } from "hono";
import type { Generations } from "../generation/generations.ts";
import type { Generation } from "../generation/generation.ts";
import type { GenerationRequest } from "../generation/generation-request.ts";
import { tooManyRequests } from "../http/api-error.ts";
import { onClientGone } from "../http/client-gone.ts";
import type { GatewayEnv } from "../http/gateway-env.ts";
import type { StreamSlots } from "../limits/stream-slots.ts";
import { completion } from "./completion-payloads.ts";
import { completionFrames, type StreamOptions } from "./completion-stream.ts";
import { frameStream, sseHeaders, withKeepAlive } from "./sse.ts";

export interface AnswerDeps {
  readonly generations: Generations;
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
    generation = deps.generations.start(request);
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

async function whole(c: Context<GatewayEnv>, generation: Generation, options: AnswerOptions): Promise<Response> {
  const events = generation.events();
  let step = await events.next();
  while (!step.done) step = await events.next();
  await options.onComplete?.(step.value);
  return c.json(completion(generation, step.value, options.hideReasoning, options.extras));
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

/** Waits for `promise` for at most `ms`; rethrows its rejection if it comes in time. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([promise, elapsed]);
  } finally {
    clearTimeout(timer);
  }
}
