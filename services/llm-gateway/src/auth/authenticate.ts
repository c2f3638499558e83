import type { MiddlewareHandler } from "hono";
import { ApiError } from "../http/api-error.ts";
import type { GatewayEnv } from "../http/gateway-env.ts";
import type { ApiKeyVerifier } from "./api-keys.ts";
import { FORWARDED_USER_HEADER, withForwardedIdentity } from "./forwarded-identity.ts";
import { InvalidTokenError, OidcUnavailableError, type OidcVerifier } from "./oidc-verifier.ts";
import type { Principal } from "./principal.ts";

const jwtShape = /^[\w-]+\.[\w-]+\.[\w-]+$/;

function unauthorized(message: string): ApiError {
  return new ApiError(401, message, { code: "invalid_api_key", headers: { "WWW-Authenticate": "Bearer" } });
}

/**
 * Requires `Authorization: Bearer <credential>`, where the credential is an
 * API key or, when OIDC is configured, a JWT access token.
 */
export function authenticate(
  apiKeys: ApiKeyVerifier,
  oidc: OidcVerifier | undefined,
  forwardingKeyUsers: ReadonlySet<string> = new Set(),
): MiddlewareHandler<GatewayEnv> {
  const accepted = [apiKeys.size > 0 ? "an API key" : undefined, oidc ? "an OIDC access token" : undefined].filter(Boolean).join(" or ");
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) throw unauthorized(`missing credentials: send ${accepted} as "Authorization: Bearer <credential>"`);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized(`malformed Authorization header: expected "Bearer <credential>" carrying ${accepted}`);
    const principal = await identify(match[1] as string, apiKeys, oidc);
    c.set("principal", withForwardedIdentity(principal, forwardingKeyUsers, c.req.header(FORWARDED_USER_HEADER)));
    await next();
  };
}

async function identify(credential: string, apiKeys: ApiKeyVerifier, oidc: OidcVerifier | undefined): Promise<Principal> {
  if (oidc && jwtShape.test(credential)) {
    try {
      return await oidc.verify(credential);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(error.message);
      if (error instanceof OidcUnavailableError) {
        throw new ApiError(503, `cannot verify tokens right now: ${error.message}`, { code: "oidc_unavailable" });
      }
      throw error;
    }
  }
  const user = apiKeys.userFor(credential);
  if (user === undefined) throw unauthorized("invalid API key");
  return { user: `key:${user}`, groups: apiKeys.groupsOf(user), method: "api-key" };
}
