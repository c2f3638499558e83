import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { OidcConfig } from "../config/config.ts";
import type { Principal } from "./principal.ts";

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(`invalid token: ${reason}`);
    this.name = "InvalidTokenError";
  }
}

export interface OidcVerifierOptions {
  /** Minimum time between two JWKS fetches caused by unknown key ids; jose's default is 30 s. */
  readonly refetchCooldownMs?: number;
}

/**
 * Verifies access tokens from an OIDC issuer such as Keycloak. The issuer's
 * discovery document is read once; its JWKS is cached and fetched again only
 * when a token names a key id the cache does not have (key rotation).
 */
export class OidcVerifier {
  #keySet: Promise<JWTVerifyGetKey> | undefined;

  constructor(
    private readonly config: OidcConfig,
    private readonly options: OidcVerifierOptions = {},
  ) {}

  async verify(token: string): Promise<Principal> {
    const keySet = await this.#loadKeySet();
    try {
      const { payload } = await jwtVerify(token, keySet, { issuer: this.config.issuer, audience: this.config.audience });
      if (typeof payload.sub !== "string" || payload.sub === "") throw new InvalidTokenError('the token has no "sub" claim');
      const groups = Array.isArray(payload.groups) ? payload.groups.filter((group): group is string => typeof group === "string") : [];
      return { user: `oidc:${payload.sub}`, groups, method: "oidc" };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.message);
      throw error;
    }
  }

  #loadKeySet(): Promise<JWTVerifyGetKey> {
    this.#keySet ??= this.#discover().catch((error: unknown) => {
      // A failed discovery is retried by the next request rather than remembered.
      this.#keySet = undefined;
      throw error;
    });
    return this.#keySet;
  }

  async #discover(): Promise<JWTVerifyGetKey> {
    const url = `${this.config.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`OIDC discovery at ${url} answered ${response.status}`);
    const document = (await response.json()) as { jwks_uri?: unknown };
    if (typeof document.jwks_uri !== "string") throw new Error(`OIDC discovery at ${url} has no jwks_uri`);
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      ...(this.options.refetchCooldownMs === undefined ? {} : { cooldownDuration: this.options.refetchCooldownMs }),
    });
  }
}
