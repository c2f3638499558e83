import type { Context } from "hono";
import type { GatewayEnv } from "./gateway-env.ts";

/**
 * Calls `callback` if the client's connection closes before the response has
 * been written completely. It watches Node's own response object, which
 * @hono/node-server passes as `c.env.outgoing`: the request's AbortSignal
 * would do the same but costs an AbortController per request.
 */
export function onClientGone(c: Context<GatewayEnv>, callback: () => void): void {
  const { outgoing } = c.env;
  if (outgoing.destroyed) return callback();
  outgoing.once("close", () => {
    if (!outgoing.writableFinished) callback();
  });
}
