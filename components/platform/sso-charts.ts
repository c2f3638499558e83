import type { PinnedChart } from "../lib/charts";

/**
 * The Helm charts the single sign-on part of the platform layer installs, pinned. Values
 * are written against that version's own values.yaml; a version bump means reading the new one.
 */
export const SSO_CHARTS = {
  /**
   * codecentric's keycloakx runs the official Keycloak image (quay.io/keycloak/keycloak)
   * with Keycloak's own configuration: no operator, no CRDs, no webhook to gate. The
   * operator's realm import only creates, so the realm is kept in sync by our own Job anyway.
   */
  keycloak: {
    repo: "https://codecentric.github.io/helm-charts",
    chart: "keycloakx",
    version: "7.1.11",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
  /**
   * A UI without OIDC of its own logs in through oauth2-proxy, which Traefik asks first
   * (forward auth). Also at oci://ghcr.io/oauth2-proxy/charts/oauth2-proxy; the classic
   * repository is the one its README names.
   */
  oauth2Proxy: {
    repo: "https://oauth2-proxy.github.io/manifests",
    chart: "oauth2-proxy",
    version: "10.7.0",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
} as const satisfies Record<string, PinnedChart>;
