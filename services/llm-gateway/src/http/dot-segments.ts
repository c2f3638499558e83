import type { MiddlewareHandler } from "hono";
import { ApiError } from "./api-error.ts";
import type { GatewayEnv } from "./gateway-env.ts";

/** `.` or `..`, written plainly or percent-encoded (`%2e`, `%2E`), as URL parsers treat them alike. */
const dotSegment = /^(?:\.|%2e){1,2}$/i;

/** True when the path part of a raw request target holds a `.` or `..` segment. */
export function hasDotSegment(target: string): boolean {
  const path = target.split(/[?#]/, 1)[0] as string;
  // WHATWG URL parsing treats a backslash as a slash in http URLs, so it separates segments too.
  return path.split(/[/\\]/).some((segment) => dotSegment.test(segment));
}

/**
 * Refuses request paths with dot segments. The request URL the routes see has
 * already been normalised (`/v1/%2e%2e/metrics` becomes `/metrics`), which
 * would let a path reach a route its prefix never named; the raw target from
 * Node still shows what the client sent.
 */
export function refuseDotSegments(): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    if (hasDotSegment(c.env.incoming.url ?? c.req.path)) {
      throw new ApiError(400, "the request path must not contain '.' or '..' segments (plain or percent-encoded)", {
        code: "invalid_path",
      });
    }
    await next();
  };
}
