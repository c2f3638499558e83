import type { MiddlewareHandler } from "hono";
import { tooManyRequests } from "../http/api-error.ts";
import type { GatewayEnv } from "../http/gateway-env.ts";
import type { RateLimiter } from "./rate-limiter.ts";

/** Applies the per-user rate limit; runs after authentication, which names the user. */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const decision = limiter.take(c.get("principal").user);
    if (!decision.allowed) {
      throw tooManyRequests(
        `rate limit exceeded for your user; retry after ${decision.retryAfterSeconds} s`,
        decision.retryAfterSeconds,
        "rate_limit_exceeded",
      );
    }
    await next();
  };
}
