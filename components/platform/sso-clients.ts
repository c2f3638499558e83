import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * The OIDC clients of the platform's UIs and APIs. A layer built after the sso layer asks
 * for its client here (`PlatformServices.sso`); the sso layer declares every client asked
 * for in the realm once all layers are built, the way credentials are delivered.
 */

/** What a UI or API asks for. */
export interface SsoClientRequest {
  /** Client id in the realm, e.g. `open-webui`; also names its generated secret. */
  readonly clientId: string;
  /** Where Keycloak may send a browser back after login; each under `https://*.<domain>/`. */
  readonly redirectUris: readonly string[];
}

/** What the UI or API gets back. */
export interface SsoClient {
  readonly clientId: string;
  /** Secret. */
  readonly clientSecret: pulumi.Output<string>;
  /** The realm's issuer exactly as its tokens and discovery document name it. */
  readonly issuerUrl: string;
  /** `<issuer>/.well-known/openid-configuration` */
  readonly discoveryUrl: string;
}

/** A client as the realm sync declares it; the secret travels apart, in a Secret. */
export interface DeclaredClient {
  readonly clientId: string;
  readonly redirectUris: readonly string[];
  readonly secret: pulumi.Output<string>;
}

/** Where layers ask for OIDC clients. */
export interface SsoClients {
  /** The realm's issuer URL. */
  readonly issuerUrl: string;
  /** Host label of the issuer (`auth`): callers of the issuer reach it through the Gateway under this name. */
  readonly issuerHost: string;
  /**
   * PEM of the CA that signed the issuer's certificate, for clients that trust only the CA
   * they are given. @default none: the certificate is publicly trusted (ACME)
   */
  readonly issuerCa?: pulumi.Input<string>;
  client(request: SsoClientRequest): SsoClient;
}

/**
 * The one redirect outside the domain a client may name: Vault's CLI (`vault login
 * -method=oidc`) listens on the person's own machine at this address and takes the code
 * there. Loopback over plain HTTP is how native apps receive OIDC redirects (RFC 8252): the
 * code never leaves that machine, and PKCE-less interception would need a process on it
 * already. Any other port, host or path stays refused.
 */
export const CLI_LOOPBACK_REDIRECT = "http://localhost:8250/oidc/callback";

/** Every redirect URI must be a page of the platform (or the CLI's loopback): a problem per one that is not. */
export function redirectProblems(request: SsoClientRequest, domain: string): string[] {
  return request.redirectUris.flatMap((uri) => {
    if (uri === CLI_LOOPBACK_REDIRECT) return [];
    let url: URL | undefined;
    try {
      url = new URL(uri);
    } catch {
      url = undefined;
    }
    const inDomain = url !== undefined && url.protocol === "https:" && url.hostname.endsWith(`.${domain}`);
    return inDomain ? [] : [`client ${request.clientId}: redirect URI "${uri}" is not an https URL under .${domain} (nor ${CLI_LOOPBACK_REDIRECT})`];
  });
}

/** Collects the clients layers ask for; closed once every layer is built. */
export class SsoClientRegistry implements SsoClients {
  private readonly declared: DeclaredClient[] = [];
  private closedWith?: readonly DeclaredClient[];
  private resolveClosed!: (clients: readonly DeclaredClient[]) => void;
  /** Every client, once the registry is closed. */
  readonly closed: Promise<readonly DeclaredClient[]> = new Promise((resolve) => (this.resolveClosed = resolve));

  constructor(
    readonly issuerUrl: string,
    readonly issuerHost: string,
    private readonly domain: string,
    /** The component the generated secrets belong to. */
    private readonly parent: pulumi.Resource,
    readonly issuerCa?: pulumi.Input<string>,
  ) {}

  client(request: SsoClientRequest): SsoClient {
    if (this.closedWith) throw new Error(`OIDC client ${request.clientId} is asked for after the realm was declared`);
    if (this.declared.some((c) => c.clientId === request.clientId)) throw new Error(`OIDC client ${request.clientId} is asked for twice`);
    const problems = redirectProblems(request, this.domain);
    if (problems.length > 0) throw new Error(problems.join("; "));
    const secret = new random.RandomPassword(`${request.clientId}-oidc-client-secret`, { length: 32, special: false }, { parent: this.parent });
    this.declared.push({ clientId: request.clientId, redirectUris: request.redirectUris, secret: secret.result });
    return { clientId: request.clientId, clientSecret: secret.result, issuerUrl: this.issuerUrl, discoveryUrl: `${this.issuerUrl}/.well-known/openid-configuration` };
  }

  /** Ends the asking; the realm declares what was asked. */
  close(): readonly DeclaredClient[] {
    this.closedWith ??= [...this.declared].sort((a, b) => a.clientId.localeCompare(b.clientId));
    this.resolveClosed(this.closedWith);
    return this.closedWith;
  }
}
