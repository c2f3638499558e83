import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { OidcConfig } from "../config/config.ts";
import type { Logger } from "../logging/logger.ts";
import type { Principal } from "./principal.ts";

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(`invalid token: ${reason}`);
    this.name = "InvalidTokenError";
  }
}

/** Tokens cannot be checked now. The message is for clients: the identity provider's address stays in the log. */
export class OidcUnavailableError extends Error {
  constructor() {
    super("the identity provider cannot be reached or is misconfigured; retry later");
    this.name = "OidcUnavailableError";
  }
}

export interface OidcVerifierOptions {
  /** Minimum time between two JWKS fetches caused by unknown key ids; jose's default is 30 s. */
  readonly refetchCooldownMs?: number;
  /** The clock for token times and the discovery back-off; tests move it by hand. */
  readonly now?: () => number;
}

const DISCOVERY_TIMEOUT_MS = 10_000;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

/**
 * Verifies access tokens from an OIDC issuer such as Keycloak. The issuer's
 * discovery document is read once; its JWKS is cached and fetched again only
 * when a token names a key id the cache does not have (key rotation). After a
 * failed discovery, requests are refused at once for a back-off that doubles
 * up to a minute, so an outage does not turn every request into a fetch.
 */
export class OidcVerifier {
  #keySet: Promise<JWTVerifyGetKey> | undefined;
  #retryAt = 0;
  #backoffMs = FIRST_BACKOFF_MS;
  readonly #now: () => number;

  constructor(
    private readonly config: OidcConfig,
    private readonly logger: Logger,
    private readonly options: OidcVerifierOptions = {},
  ) {
    this.#now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<Principal> {
    const keySet = await this.#loadKeySet();
    const now = this.#now();
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ["exp"],
        clockTolerance: this.config.clockToleranceSeconds,
        currentDate: new Date(now),
      });
      // jose checks "iat" only against a maximum age; a token from the future is refused here.
      if (typeof payload.iat === "number" && payload.iat > now / 1000 + this.config.clockToleranceSeconds) {
        throw new InvalidTokenError(`"iat" is in the future, beyond the ${this.config.clockToleranceSeconds} s clock tolerance`);
      }
      if (typeof payload.sub !== "string" || payload.sub === "") throw new InvalidTokenError('the token has no "sub" claim');
      const groups = Array.isArray(payload.groups) ? payload.groups.filter((group): group is string => typeof group === "string") : [];
      return { user: `oidc:${payload.sub}`, groups, method: "oidc" };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) throw new InvalidTokenError(error.message);
      this.logger.warn("OIDC key set unavailable", { detail: (error as Error).message });
      throw new OidcUnavailableError();
    }
  }

  #loadKeySet(): Promise<JWTVerifyGetKey> {
    if (this.#keySet) return this.#keySet;
    if (this.#now() < this.#retryAt) return Promise.reject(new OidcUnavailableError());
    this.#keySet = this.#discover().then(
      (keySet) => {
        this.#backoffMs = FIRST_BACKOFF_MS;
        return keySet;
      },
      (error: unknown) => {
        this.#keySet = undefined;
        this.#retryAt = this.#now() + this.#backoffMs;
        this.logger.warn("OIDC discovery failed", { detail: (error as Error).message, retryInMs: this.#backoffMs });
        this.#backoffMs = Math.min(this.#backoffMs * 2, MAX_BACKOFF_MS);
        throw new OidcUnavailableError();
      },
    );
    return this.#keySet;
  }

  async #discover(): Promise<JWTVerifyGetKey> {
    const url = `${this.config.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`OIDC discovery at ${url} answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery: the document must name exactly the issuer it was fetched for.
    if (document.issuer !== this.config.issuer) {
      throw new Error(`OIDC discovery at ${url} names the issuer ${JSON.stringify(document.issuer)}, not OIDC_ISSUER ${this.config.issuer}`);
    }
    if (typeof document.jwks_uri !== "string" || !URL.canParse(document.jwks_uri)) throw new Error(`OIDC discovery at ${url} has no valid jwks_uri`);
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      ...(this.options.refetchCooldownMs === undefined ? {} : { cooldownDuration: this.options.refetchCooldownMs }),
    });
  }
}
