import { Counter, Gauge, Histogram, Registry } from "./registry.ts";

const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** The gateway's metrics, named `llm_gateway_*` so dashboards can select them by prefix. */
export function createGatewayMetrics(sources: { queueDepth: () => number; upstreamInFlight: () => number }) {
  const registry = new Registry();
  return {
    registry,
    requests: registry.register(
      new Counter("llm_gateway_http_requests_total", "HTTP requests by route, method and status.", ["route", "method", "status"]),
    ),
    requestDuration: registry.register(
      new Histogram(
        "llm_gateway_http_request_duration_seconds",
        "Time from request to the end of the response (a stream's end for streams).",
        latencyBuckets,
        ["route", "method"],
      ),
    ),
    timeToFirstToken: registry.register(
      new Histogram(
        "llm_gateway_time_to_first_token_seconds",
        "Time from request to the first token from the model.",
        latencyBuckets,
        ["model"],
      ),
    ),
    tokens: registry.register(
      new Counter("llm_gateway_tokens_total", "Tokens by model, user and direction (in: prompt, out: completion).", [
        "model",
        "user",
        "direction",
      ]),
    ),
    // Apart from llm_gateway_tokens_total: these are a part of its "out" tokens, and a sum over its directions must not count them twice.
    reasoningTokens: registry.register(
      new Counter(
        "llm_gateway_reasoning_tokens_total",
        "Of the completion tokens, those the upstream reported as reasoning, by model and user (hosted models only: Ollama does not count them apart).",
        ["model", "user"],
      ),
    ),
    activeStreams: registry.register(new Gauge("llm_gateway_active_streams", "Streaming responses in progress.")),
    queueDepth: registry.register(
      new Gauge("llm_gateway_queue_depth", "Generations waiting for a free upstream slot.", [], sources.queueDepth),
    ),
    upstreamInFlight: registry.register(
      new Gauge("llm_gateway_upstream_in_flight", "Generations running against Ollama.", [], sources.upstreamInFlight),
    ),
    upstreamErrors: registry.register(
      new Counter("llm_gateway_upstream_errors_total", "Failed or timed-out calls to Ollama by model and reason.", [
        "model",
        "reason",
      ]),
    ),
    fallbacks: registry.register(
      new Counter("llm_gateway_fallbacks_total", "Requests answered by a model's fallback, by model, fallback and the failure that caused it.", [
        "model",
        "fallback",
        "reason",
      ]),
    ),
    residentMemory: registry.register(
      new Gauge("process_resident_memory_bytes", "Resident memory size in bytes.", [], () => process.memoryUsage.rss()),
    ),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
