import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import type { CredentialSink } from "../lib/credentials";
import { exposeService } from "../lib/expose-service";
import type { Exposure } from "../lib/exposure";
import { platformNamespace } from "../lib/platform-namespace";
import { platformUrlCalls } from "../lib/platform-url-calls";
import { SHARED_GATEWAY } from "../lib/shared-gateway";
import { resources } from "../lib/sizing";
import { SSO_CHARTS } from "./sso-charts";
import type { SsoClients } from "./sso-clients";

/**
 * Single sign-on for a UI without OIDC of its own (the Traefik dashboard, Prometheus's UI):
 * Traefik asks oauth2-proxy about each request first (a `forwardAuth` Middleware on the
 * UI's route). oauth2-proxy answers 202 to a member of the admin group with a session,
 * sends anyone without one to Keycloak, and refuses everyone else. Its own callback lives
 * at `https://oauth.<domain>`, and the session cookie on the whole domain, so one login
 * serves every UI behind it.
 */

/** Where oauth2-proxy runs and answers. */
export const FORWARD_AUTH = { namespace: "sso-proxy", release: "oauth2-proxy", host: "oauth", port: 80, containerPort: 4180 } as const;
/** Name of the Middleware that puts a route behind single sign-on, in the route's namespace. */
export const FORWARD_AUTH_MIDDLEWARE = "sso-admins";
const SECRET = "oauth2-proxy";
const CA_DIR = "/etc/platform-ca";

export interface ForwardAuthArgs {
  /** Where the proxy's client is asked for. */
  readonly clients: SsoClients;
  /** The realm group allowed through. */
  readonly group: string;
  readonly sizing: SizingProfile;
  readonly exposure: Exposure;
  readonly credentials: CredentialSink;
  /** Traefik's chart, which brings the Middleware CRD. */
  readonly traefik: pulumi.Resource;
}

/**
 * oauth2-proxy's flags for forward auth on one domain: a static 202 for the allowed, the
 * login for the rest. With `trustIssuerCa` it trusts the issuer with the platform CA alone
 * (a CA file replaces the image's public roots); without, with those roots (ACME).
 */
export function oauth2ProxyArgs(args: { readonly issuerUrl: string; readonly domain: string; readonly group: string; readonly trustIssuerCa: boolean }): Record<string, string> {
  return {
    provider: "keycloak-oidc",
    "oidc-issuer-url": args.issuerUrl,
    ...(args.trustIssuerCa && { "provider-ca-file": `${CA_DIR}/ca.crt` }),
    "code-challenge-method": "S256",
    "redirect-url": `https://${FORWARD_AUTH.host}.${args.domain}/oauth2/callback`,
    // One login for every UI of the domain: the cookie and the return address span it.
    "cookie-domain": `.${args.domain}`,
    "whitelist-domain": `.${args.domain}`,
    "cookie-secure": "true",
    // Traefik's X-Forwarded-Host and -Uri name the page to come back to.
    "reverse-proxy": "true",
    "skip-provider-button": "true",
    "allowed-group": args.group,
    "set-xauthrequest": "true",
  };
}

/** Values of the pinned chart (its values.yaml): credentials from the platform's Secret, restricted, one replica. */
export function oauth2ProxyValues(args: {
  readonly issuerUrl: string;
  readonly domain: string;
  readonly group: string;
  readonly trustIssuerCa: boolean;
  readonly sizing: SizingProfile;
  readonly hostAliases: readonly { readonly ip: string; readonly hostnames: readonly string[] }[];
}): Record<string, unknown> {
  const fromSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: SECRET, key } } });
  return {
    config: { upstreams: ["static://202"], emailDomains: ["*"] },
    // The chart's own Secret would hold placeholders: the platform's credential is delivered instead.
    proxyVarsAsSecrets: false,
    extraEnv: [fromSecret("OAUTH2_PROXY_CLIENT_ID", "client-id"), fromSecret("OAUTH2_PROXY_CLIENT_SECRET", "client-secret"), fromSecret("OAUTH2_PROXY_COOKIE_SECRET", "cookie-secret")],
    extraArgs: oauth2ProxyArgs(args),
    ...(args.trustIssuerCa && {
      extraVolumes: [{ name: "platform-ca", configMap: { name: "platform-ca" } }],
      extraVolumeMounts: [{ name: "platform-ca", mountPath: CA_DIR, readOnly: true }],
    }),
    ...(args.hostAliases.length > 0 && { hostAliases: args.hostAliases }),
    resources: resources(args.sizing, "tiny"),
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    // One replica: a budget would forbid draining its node.
    podDisruptionBudget: { enabled: false },
    // Traefik's own metrics count the requests behind it; the proxy opens no second metrics port.
    metrics: { enabled: false },
    podAnnotations: { "reloader.stakater.com/auto": "true" },
  };
}

/** The Middleware that puts a route of `namespace` behind the proxy: a later layer's UI calls this for its own. */
export function forwardAuthMiddleware(name: string, namespace: string, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    name,
    {
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name: FORWARD_AUTH_MIDDLEWARE, namespace },
      spec: {
        forwardAuth: {
          address: `http://${FORWARD_AUTH.release}.${FORWARD_AUTH.namespace}.svc:${FORWARD_AUTH.port}/`,
          trustForwardHeader: true,
          authResponseHeaders: ["X-Auth-Request-User", "X-Auth-Request-Email", "X-Auth-Request-Groups"],
        },
      },
    },
    opts,
  );
}

/** oauth2-proxy at `https://oauth.<domain>`, and the Middleware for the Traefik dashboard's route. */
export class ForwardAuth extends pulumi.ComponentResource {
  constructor(name: string, args: ForwardAuthArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:ForwardAuth", name, {}, opts);
    const { domain } = args.exposure;
    const issuerCalls = platformUrlCalls(args.exposure, [args.clients.issuerHost]);
    const { namespace } = platformNamespace(
      FORWARD_AUTH.namespace,
      {
        podSecurity: { level: "restricted" },
        // Traefik asks and the browser comes back through the Gateway; the proxy calls the issuer through it.
        allow: [{ kind: "from-gateway", ports: [FORWARD_AUTH.containerPort] }, issuerCalls.allow],
        ...(args.clients.issuerCa !== undefined && { caCertificate: args.clients.issuerCa }),
      },
      { parent: this },
    );
    const client = args.clients.client({ clientId: FORWARD_AUTH.release, redirectUris: [`https://${FORWARD_AUTH.host}.${domain}/oauth2/callback`] });
    // 32 characters: oauth2-proxy takes a cookie secret of 16, 24 or 32 bytes.
    const cookieSecret = new random.RandomPassword(`${name}-cookie-secret`, { length: 32, special: false }, { parent: this });
    const secret = args.credentials.request({
      resourceName: `${name}-secret`,
      secretName: SECRET,
      namespace: FORWARD_AUTH.namespace,
      data: { "client-id": client.clientId, "client-secret": client.clientSecret, "cookie-secret": cookieSecret.result },
      parent: this,
      dependsOn: [namespace],
    });
    installChart(
      FORWARD_AUTH.release,
      SSO_CHARTS.oauth2Proxy,
      { namespace: FORWARD_AUTH.namespace, values: oauth2ProxyValues({
          issuerUrl: client.issuerUrl,
          domain,
          group: args.group,
          trustIssuerCa: args.clients.issuerCa !== undefined,
          sizing: args.sizing,
          hostAliases: issuerCalls.hostAliases,
        }),
      },
      { parent: this, dependsOn: [namespace, secret] },
    );
    exposeService(args.exposure, { name: FORWARD_AUTH.host, namespace: FORWARD_AUTH.namespace, service: FORWARD_AUTH.release, port: FORWARD_AUTH.port }, { parent: this, dependsOn: [namespace] });
    forwardAuthMiddleware(`${name}-traefik-middleware`, SHARED_GATEWAY.namespace, { parent: this, dependsOn: [args.traefik] });
    this.registerOutputs({});
  }
}
