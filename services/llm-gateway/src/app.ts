import { Hono } from "hono";
import { authenticate } from "./auth/authenticate.ts";
import type { ApiKeyVerifier } from "./auth/api-keys.ts";
import type { OidcVerifier } from "./auth/oidc-verifier.ts";
import { conversationRoutes, type ConversationRouteDeps } from "./conversations/routes.ts";
import { embeddingRoutes, type EmbeddingRouteDeps } from "./embeddings/routes.ts";
import { healthRoutes, type HealthDeps } from "./health/routes.ts";
import { accessLog } from "./http/access-log.ts";
import { refuseDotSegments } from "./http/dot-segments.ts";
import { limitBody } from "./http/body-limit.ts";
import { errorHandler, notFound } from "./http/error-handler.ts";
import type { GatewayEnv } from "./http/gateway-env.ts";
import { requestId } from "./http/request-id.ts";
import { rateLimit } from "./limits/rate-limit.ts";
import type { RateLimiter } from "./limits/rate-limiter.ts";
import type { Logger } from "./logging/logger.ts";
import type { GatewayMetrics } from "./metrics/gateway-metrics.ts";
import { openAiRoutes } from "./openai/routes.ts";
import { usageRoutes, type UsageRouteDeps } from "./usage/routes.ts";

export interface AppDeps extends ConversationRouteDeps, EmbeddingRouteDeps, UsageRouteDeps, HealthDeps {
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly logPrompts: boolean;
  readonly maxBodyBytes: number;
  readonly apiKeys: ApiKeyVerifier;
  readonly oidc: OidcVerifier | undefined;
  /** API-key users (`key:<name>`) whose forwarded person header is trusted. */
  readonly forwardingKeyUsers: ReadonlySet<string>;
  readonly rateLimiter: RateLimiter;
}

/** The gateway's HTTP surface: probes at the root, everything else under authenticated `/v1`. Metrics have their own port. */
export function createApp(deps: AppDeps): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.onError(errorHandler(deps.logger));
  app.notFound(notFound);

  app.use(requestId());
  app.use(accessLog(deps.logger, deps.metrics, deps.logPrompts));
  app.use(refuseDotSegments());
  app.route("/", healthRoutes(deps));

  const v1 = new Hono<GatewayEnv>();
  v1.use(authenticate(deps.apiKeys, deps.oidc, deps.forwardingKeyUsers));
  v1.use(rateLimit(deps.rateLimiter));
  v1.use(limitBody(deps.maxBodyBytes));
  v1.route("/", openAiRoutes(deps));
  v1.route("/conversations", conversationRoutes(deps));
  v1.route("/embeddings", embeddingRoutes(deps));
  v1.route("/usage", usageRoutes(deps));
  app.route("/v1", v1);

  return app;
}
