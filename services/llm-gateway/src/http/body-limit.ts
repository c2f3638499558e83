import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./api-error.ts";
import type { GatewayEnv } from "./gateway-env.ts";

/**
 * Refuses bodies over `maxBytes` with 413. A declared Content-Length is
 * checked without touching the body; only chunked bodies, which have none,
 * go through hono's counting stream, which costs a web Request per call.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<GatewayEnv> {
  const tooLarge = () =>
    new ApiError(413, `request body is larger than ${maxBytes} bytes (MAX_BODY_BYTES)`, { code: "body_too_large" });
  const counting = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const declared = c.req.header("content-length");
    if (declared === undefined || c.req.header("transfer-encoding")) return counting(c, next);
    if (Number(declared) > maxBytes) throw tooLarge();
    await next();
  };
}
