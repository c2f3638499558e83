import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { ApiKeyVerifier } from "./auth/api-keys.ts";
import { OidcVerifier, type OidcVerifierOptions } from "./auth/oidc-verifier.ts";
import type { GatewayConfig } from "./config/config.ts";
import { Embedder } from "./embeddings/embedder.ts";
import { Generations } from "./generation/generations.ts";
import { AddressPolicy } from "./images/address-policy.ts";
import { ImageFetcher } from "./images/fetch-image.ts";
import { WarmModels } from "./generation/warm-models.ts";
import { QuotaPolicy } from "./usage/quota-policy.ts";
import { UsageLedger } from "./usage/usage-ledger.ts";
import { FairQueue } from "./limits/fair-queue.ts";
import { RateLimiter } from "./limits/rate-limiter.ts";
import { StreamSlots } from "./limits/stream-slots.ts";
import { bufferedStdout, Logger } from "./logging/logger.ts";
import { createGatewayMetrics } from "./metrics/gateway-metrics.ts";
import { metricsApp } from "./metrics/metrics-server.ts";
import { ModelCatalog, type ServedModel } from "./models/model-catalog.ts";
import type { ChatUpstream } from "./generation/chat-upstream.ts";
import { HostedUpstream } from "./hosted/hosted-upstream.ts";
import { CapabilityCache } from "./ollama/capability-cache.ts";
import { OllamaUpstream } from "./ollama/ollama-upstream.ts";
import type { ConversationStore } from "./store/conversation-store.ts";
import { openStore } from "./store/open-store.ts";

const RATE_LIMIT_SWEEP_MS = 60_000;
/** Time for responses to flush their final frames once their generations have ended. */
const FINAL_FRAMES_MS = 1_000;

export interface GatewayOptions {
  readonly logger?: Logger;
  /** A store to use instead of opening one from the configuration; it is closed with the gateway. */
  readonly store?: ConversationStore;
  readonly oidc?: OidcVerifierOptions;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  /** Base URL of the metrics listener (METRICS_PORT). */
  readonly metricsUrl: string;
  readonly logger: Logger;
  /** Stops taking requests, lets running answers finish within the grace period, then closes everything. */
  shutdown(): Promise<void>;
}

/** Opens the store, wires the parts together and listens. */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? new Logger(config.logLevel, bufferedStdout());
  const store = options.store ?? (await openStore(config));
  const upstream = new OllamaUpstream(config.ollamaHost);
  const queue = new FairQueue({
    parallelism: config.limits.upstreamParallelism,
    perUser: config.limits.upstreamSlotsPerUser,
    capacity: config.limits.queueMax,
  });
  const metrics = createGatewayMetrics({ queueDepth: () => queue.depth, upstreamInFlight: () => queue.running });
  const hostedUpstreams = new Map(config.hostedModels.map((model) => [model.name, new HostedUpstream(model)]));
  const upstreamFor = (model: ServedModel): ChatUpstream => (model.hosted && hostedUpstreams.get(model.hosted.name)) || upstream;
  const usage = new UsageLedger(store, logger, new QuotaPolicy(config.limits.quotas));
  const generations = new Generations(
    { upstreamFor, queue, warmModels: new WarmModels(), timeouts: config.timeouts, maxCompletionTokens: config.limits.maxCompletionTokens },
    metrics,
    usage,
  );
  const streamSlots = new StreamSlots(config.limits.maxStreamsPerUser);
  const embedder = new Embedder({ upstream, queue, streamSlots, metrics, usage, requestTimeoutMs: config.timeouts.requestMs });
  const rateLimiter = new RateLimiter(config.limits.ratePerMinute, config.limits.rateBurst);
  let shuttingDown = false;

  const app = createApp({
    logger,
    logPrompts: config.logPrompts,
    maxBodyBytes: config.limits.maxBodyBytes,
    apiKeys: new ApiKeyVerifier(config.apiKeys, config.apiKeyGroups),
    oidc: config.oidc ? new OidcVerifier(config.oidc, logger, options.oidc) : undefined,
    forwardingKeyUsers: new Set(config.forwardedIdentityUsers.map((name) => `key:${name}`)),
    rateLimiter,
    catalog: new ModelCatalog(config.modelAliases, config.modelOptions, config.defaultNumCtx, config.hostedModels, config.modelFallbacks),
    capabilities: new CapabilityCache(upstream),
    ollamaHost: config.ollamaHost,
    hideReasoning: config.hideReasoning,
    images: {
      fetcher: new ImageFetcher(new AddressPolicy(config.images.allowedRanges)),
      limits: { maxBytes: config.limits.maxBodyBytes, fetchTimeoutMs: config.images.fetchTimeoutMs },
    },
    generations,
    streamSlots,
    embedder,
    usage,
    usageAdminGroups: new Set(config.usageAdminGroups),
    keepAliveMs: config.timeouts.keepAliveMs,
    store,
    ownerLimits: { maxConversations: config.limits.maxConversationsPerUser, maxStoredBytes: config.limits.maxStoredBytesPerUser },
    upstream,
    metrics,
    isShuttingDown: () => shuttingDown,
  });

  const server = await listen(app.fetch, config.host, config.port);
  const metricsServer = await listen(metricsApp(metrics.registry).fetch, config.host, config.metricsPort);
  const sweep = setInterval(() => rateLimiter.sweep(), RATE_LIMIT_SWEEP_MS).unref();
  const { port } = server.address() as AddressInfo;
  const reachableHost = config.host === "0.0.0.0" ? "127.0.0.1" : config.host;
  const url = `http://${reachableHost}:${port}`;
  const metricsUrl = `http://${reachableHost}:${(metricsServer.address() as AddressInfo).port}`;
  logger.info("listening", { url, metricsUrl, models: config.modelAliases.map(({ alias }) => alias), store: store.kind });
  if (config.modelAliases.length === 0) logger.warn("MODEL_ALIASES is empty: no model is served");

  let stopped: Promise<void> | undefined;
  const shutdown = () =>
    (stopped ??= (async () => {
      shuttingDown = true;
      clearInterval(sweep);
      logger.info("shutting down", { runningGenerations: generations.running, graceMs: config.timeouts.shutdownGraceMs });
      const closed = new Promise<"closed">((resolve) => server.close(() => resolve("closed")));
      await generations.drain(config.timeouts.shutdownGraceMs);
      // Every generation has ended; give their responses a moment to write their last frames.
      server.closeIdleConnections();
      if ((await Promise.race([closed, delay(FINAL_FRAMES_MS)])) !== "closed") server.closeAllConnections();
      await closed;
      metricsServer.closeAllConnections();
      await new Promise((resolve) => metricsServer.close(resolve));
      await store.close();
      logger.info("stopped");
    })());

  return { url, port, metricsUrl, logger, shutdown };
}

/** Listens over plain HTTP/1.1: TLS and HTTP/2 end at the cluster's ingress. */
function listen(fetch: Parameters<typeof serve>[0]["fetch"], hostname: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server as Server));
    server.once("error", reject);
  });
}
