import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "../logging/logger.ts";
import { ApiError } from "./api-error.ts";
import type { GatewayEnv } from "./gateway-env.ts";

function send(c: Context<GatewayEnv>, error: ApiError): Response {
  return c.json(error.toBody(), error.status as 400, error.headers());
}

/**
 * Every failure leaves as an OpenAI-shaped error. Unexpected ones are logged
 * with their stack, and the client gets the request id to quote, never the stack.
 */
export function errorHandler(logger: Logger): ErrorHandler<GatewayEnv> {
  return (error, c) => {
    if (error instanceof ApiError) return send(c, error);
    if (error instanceof HTTPException && error.status < 500) {
      return send(c, new ApiError(error.status === 413 ? 413 : 400, error.message || "bad request"));
    }
    const requestId = c.get("requestId");
    logger.error("unhandled error", { requestId, error: error.message, stack: error.stack });
    return send(c, new ApiError(500, `internal error; quote request id ${requestId} when reporting it`));
  };
}

export const notFound: NotFoundHandler<GatewayEnv> = (c) =>
  send(c, new ApiError(404, `no route for ${c.req.method} ${c.req.path}; see /v1/models, /v1/chat/completions and /v1/conversations`, { code: "not_found" }));
