import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { GenerationOutcome } from "../generation/generation.ts";
import type { LogFields, Logger } from "../logging/logger.ts";
import type { GatewayMetrics } from "../metrics/gateway-metrics.ts";
import { ApiError } from "./api-error.ts";
import type { GatewayEnv } from "./gateway-env.ts";

/**
 * Logs one JSON line per request and counts it, when the response is really
 * over: for a stream that is when its last frame is written, not when its
 * headers are. Prompts are logged only when `logPrompts` is on; credentials never.
 */
export function accessLog(logger: Logger, metrics: GatewayMetrics, logPrompts: boolean): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const startedAt = performance.now();
    await next();
    const streamClosed = c.get("streamClosed");
    if (!streamClosed) return record(c, startedAt, false);
    // The middleware must return for the stream to flow; the stream is logged when it closes.
    metrics.activeStreams.inc();
    streamClosed
      .then(() => {
        metrics.activeStreams.dec();
        return record(c, startedAt, true);
      })
      .catch((error: unknown) => logger.error("could not record a stream", { error: (error as Error).message }));
  };

  async function record(c: Context<GatewayEnv>, startedAt: number, streamed: boolean): Promise<void> {
    const route = routePath(c, -1);
    const generation = c.get("generation");
    const outcome = generation ? await generation.finished : undefined;
    const status = statusOf(c.res.status, outcome, streamed);
    const durationMs = performance.now() - startedAt;
    metrics.requests.inc({ route, method: c.req.method, status: String(status) });
    metrics.requestDuration.observe(durationMs / 1000, { route, method: c.req.method });
    const fields: LogFields = {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      durationMs: Math.round(durationMs * 10) / 10,
      user: c.get("principal")?.user,
    };
    // What the client was not told (Ollama's own words, internal addresses) is the operator's to see.
    if (c.error instanceof ApiError && c.error.detail) fields.detail = c.error.detail;
    if (generation && outcome) {
      Object.assign(fields, generationFields(outcome), { model: generation.request.model.id, stream: streamed });
      if (logPrompts) fields.prompt = generation.request.messages;
    }
    logger.info("request", fields);
  }
}

/** A stream's status line says 200 even when it ended in an error frame; the log says what happened. */
function statusOf(sent: number, outcome: GenerationOutcome | undefined, streamed: boolean): number {
  if (!streamed || !outcome || outcome.status === "completed") return sent;
  return outcome.status === "aborted" ? 499 : outcome.error.status;
}

function generationFields(outcome: GenerationOutcome): LogFields {
  const timing = {
    outcome: outcome.status,
    firstTokenMs: outcome.firstTokenMs === undefined ? undefined : Math.round(outcome.firstTokenMs),
    generationMs: Math.round(outcome.durationMs),
  };
  if (outcome.status === "completed") {
    const { promptTokens, completionTokens, reasoningTokens } = outcome.result;
    return { ...timing, promptTokens, completionTokens, reasoningTokens };
  }
  if (outcome.status === "failed") {
    return { ...timing, error: outcome.error.message, detail: outcome.error.detail, failure: outcome.reason };
  }
  return timing;
}
