import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { GatewayEnv } from "./gateway-env.ts";

/** Only short, printable ids from upstream proxies are trusted; anything else is replaced. */
const acceptableId = /^[\w.:-]{1,128}$/;

/** Gives every request an id, taken from `X-Request-Id` when a proxy set one, and echoes it back. */
export function requestId(): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const given = c.req.header("x-request-id");
    const id = given && acceptableId.test(given) ? given : randomUUID();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
  };
}
