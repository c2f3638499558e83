import type { PlatformUrlCalls } from "../lib/platform-url-calls";
import type { SsoClient, SsoClients } from "./sso-clients";

/**
 * Grafana's login through the realm (`auth.generic_oauth`): `admins` are Grafana Admins,
 * `users` Viewers, anyone else is refused. The generated admin login stays as the way in
 * when Keycloak is down (break-glass): the login form is kept beside the Keycloak button.
 */

/** The Secret with the client's secret in Grafana's namespace, delivered like every credential. */
export const GRAFANA_OIDC_SECRET = "grafana-oidc";
/** Grafana's client in the realm. */
export const GRAFANA_CLIENT = "grafana";
const CA_DIR = "/etc/platform-ca";

/** What Grafana's login needs: the realm's clients, which say whose CA signed the issuer's certificate. */
export interface GrafanaSso {
  readonly clients: SsoClients;
}

/** Keycloak's redirect back to Grafana. */
export function grafanaRedirectUris(grafanaUrl: string): string[] {
  return [`${grafanaUrl}/login/generic_oauth`];
}

/** The realm's groups to Grafana's roles, as a JMESPath over the token's `groups`: no match, no login (`role_attribute_strict`). */
export const GRAFANA_ROLE_PATH = "contains(groups[*], 'admins') && 'Admin' || contains(groups[*], 'users') && 'Viewer'";

/** Values of the grafana subchart that add the login: merged into kube-prometheus-stack's `grafana`. */
export function grafanaSsoValues(
  sso: { readonly client: Pick<SsoClient, "clientId" | "issuerUrl">; readonly issuerCalls: PlatformUrlCalls; readonly trustIssuerCa: boolean },
  grafanaUrl: string,
) {
  const endpoint = (path: string) => `${sso.client.issuerUrl}/protocol/openid-connect/${path}`;
  return {
    ini: {
      "auth.generic_oauth": {
        enabled: true,
        name: "Keycloak",
        client_id: sso.client.clientId,
        scopes: "openid email profile",
        auth_url: endpoint("auth"),
        token_url: endpoint("token"),
        api_url: endpoint("userinfo"),
        use_pkce: true,
        allow_sign_up: true,
        login_attribute_path: "preferred_username",
        email_attribute_path: "email",
        name_attribute_path: "name",
        groups_attribute_path: "groups",
        role_attribute_path: GRAFANA_ROLE_PATH,
        role_attribute_strict: true,
        // Grafana calls the token and userinfo endpoints itself. A CA file replaces the image's
        // public roots: only for the platform CA's certificates, not for ACME's.
        ...(sso.trustIssuerCa && { tls_client_ca: `${CA_DIR}/ca.crt` }),
        signout_redirect_url: `${endpoint("logout")}?client_id=${sso.client.clientId}&post_logout_redirect_uri=${encodeURIComponent(`${grafanaUrl}/login`)}`,
      },
    },
    subchart: {
      envValueFrom: { GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: GRAFANA_OIDC_SECRET, key: "client-secret" } } },
      ...(sso.trustIssuerCa && { extraConfigmapMounts: [{ name: "platform-ca", mountPath: CA_DIR, configMap: "platform-ca", readOnly: true }] }),
      ...(sso.issuerCalls.hostAliases.length > 0 && { hostAliases: sso.issuerCalls.hostAliases }),
    },
  };
}
