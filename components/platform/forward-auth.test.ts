import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, resource, resourcesOfType } from "../../render/harness";
import { plain } from "../../render/secret";
import { oauth2ProxyArgs } from "./forward-auth";
import { SSO_CHARTS } from "./sso-charts";

const MIDDLEWARE = "kubernetes:traefik.io/v1alpha1:Middleware";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const render = (sso: boolean) => renderConfig({ ...MINIKUBE, features: { sso, secrets: false } });

type Route = { spec: { rules: { filters: { extensionRef: { name: string } }[] }[] } };
const dashboardFilters = (recording: Awaited<ReturnType<typeof render>>) =>
  (resource(recording, ROUTE, "traefik-route").inputs as Route).spec.rules[0]!.filters.map((f) => f.extensionRef.name);

describe("oauth2ProxyArgs", () => {
  it("lets only the admin group through, sends everyone else to the issuer and returns them to the page they asked for", () => {
    expect(oauth2ProxyArgs({ issuerUrl: "https://auth.homelab.test/realms/homelab", domain: "homelab.test", group: "admins", trustIssuerCa: true })).toMatchObject({
      provider: "keycloak-oidc",
      "oidc-issuer-url": "https://auth.homelab.test/realms/homelab",
      "redirect-url": "https://oauth.homelab.test/oauth2/callback",
      "cookie-domain": ".homelab.test",
      "whitelist-domain": ".homelab.test",
      "reverse-proxy": "true",
      "allowed-group": "admins",
      "provider-ca-file": "/etc/platform-ca/ca.crt",
    });
  });

  it("names no CA file for a publicly trusted issuer: a CA file would replace the image's public roots", () => {
    const args = oauth2ProxyArgs({ issuerUrl: "https://auth.lab.example.com/realms/homelab", domain: "lab.example.com", group: "admins", trustIssuerCa: false });
    expect(args).not.toHaveProperty("provider-ca-file");
    expect(args).toMatchObject({ "oidc-issuer-url": "https://auth.lab.example.com/realms/homelab" });
  });
});

describe("the Traefik dashboard behind single sign-on", () => {
  it("with sso on, routes through the forward-auth Middleware and makes no password", async () => {
    const recording = await render(true);
    expect(dashboardFilters(recording)).toEqual(["sso-admins"]);
    const middleware = resourcesOfType(recording, MIDDLEWARE).map((r) => r.inputs as { metadata: { name: string; namespace: string }; spec: Record<string, unknown> });
    expect(middleware).toEqual([
      {
        apiVersion: "traefik.io/v1alpha1",
        kind: "Middleware",
        metadata: { name: "sso-admins", namespace: "traefik" },
        spec: { forwardAuth: { address: "http://oauth2-proxy.sso-proxy.svc:80/", trustForwardHeader: true, authResponseHeaders: ["X-Auth-Request-User", "X-Auth-Request-Email", "X-Auth-Request-Groups"] } },
      },
    ]);
    expect(recording.outputs.credentials).not.toHaveProperty("traefik-dashboard");
    expect(recording.resources.some((r) => r.name === "traefik-dashboard-password")).toBe(false);
  });

  it("runs the pinned oauth2-proxy with the realm's client, its secrets from the platform's Secret, at https://oauth.<domain>", async () => {
    const recording = await render(true);
    const chart = resource(recording, "kubernetes:helm.sh/v4:Chart", "oauth2-proxy-chart");
    expect([chart.inputs.chart, chart.inputs.version]).toEqual([SSO_CHARTS.oauth2Proxy.chart, SSO_CHARTS.oauth2Proxy.version]);
    const values = plain(chart.inputs.values, true) as { proxyVarsAsSecrets: boolean; extraEnv: { name: string; valueFrom: unknown }[]; hostAliases: unknown };
    expect(values.proxyVarsAsSecrets).toBe(false);
    expect(values.extraEnv.map((e) => e.name)).toEqual(["OAUTH2_PROXY_CLIENT_ID", "OAUTH2_PROXY_CLIENT_SECRET", "OAUTH2_PROXY_COOKIE_SECRET"]);
    expect(values.hostAliases).toEqual([{ ip: "192.168.49.200", hostnames: ["auth.homelab.test"] }]);
    expect(Object.keys(plain(resource(recording, "kubernetes:core/v1:Secret", "forward-auth-secret").inputs.stringData, true) as object).sort()).toEqual(["client-id", "client-secret", "cookie-secret"]);
    expect(recording.outputs.endpoints).toMatchObject({ oauth: "https://oauth.homelab.test" });
    const realm = (resourcesOfType(recording, "kubernetes:batch/v1:Job").find((r) => (r.inputs.metadata as { name: string }).name.startsWith("keycloak-config"))!.inputs.spec as {
      template: { spec: { containers: { env: { name: string; value?: string }[] }[] } };
    }).template.spec.containers[0]!.env.find((e) => e.name === "REALM")!.value!;
    expect((JSON.parse(realm) as { clients: unknown[] }).clients).toContainEqual({ clientId: "oauth2-proxy", redirectUris: ["https://oauth.homelab.test/oauth2/callback"] });
  });

  it("lets the Gateway in and the proxy out only to the Gateway, where it reaches the issuer", async () => {
    const policy = resource(await render(true), "kubernetes:networking.k8s.io/v1:NetworkPolicy", "sso-proxy-allow").inputs.spec as {
      ingress: { from?: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports?: { port: number }[] }[];
      egress: { to?: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports?: { port: number }[] }[];
    };
    const peer = (rule: { from?: unknown; to?: unknown; ports?: { port: number }[] }) =>
      `${((rule.from ?? rule.to) as { namespaceSelector?: { matchLabels: Record<string, string> } }[] | undefined)?.[0]?.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? "?"}:${(rule.ports ?? []).map((p) => p.port).join(",")}`;
    expect(policy.ingress.map(peer)).toEqual(["traefik:4180"]);
    expect(policy.egress.map(peer).filter((p) => !p.startsWith("kube-system"))).toEqual(["traefik:8443"]);
  });

  it("keeps the generated basic-auth password with sso off", async () => {
    const recording = await render(false);
    expect(dashboardFilters(recording)).toEqual(["dashboard-auth"]);
    expect(recording.resources.some((r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.name === "oauth2-proxy-chart")).toBe(false);
  });
});
