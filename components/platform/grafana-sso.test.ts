import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, resource } from "../../render/harness";
import { plain } from "../../render/secret";
import { GRAFANA_ROLE_PATH, grafanaSsoValues } from "./grafana-sso";

const render = (sso: boolean) => renderConfig({ ...MINIKUBE, features: { observability: true, sso, secrets: false } });
type Grafana = { "grafana.ini": Record<string, Record<string, unknown>>; envValueFrom?: unknown; hostAliases?: unknown; extraConfigmapMounts?: unknown[]; admin: unknown };
const grafanaValues = async (sso: boolean) => (plain(resource(await render(sso), "kubernetes:helm.sh/v4:Chart", "kube-prometheus-stack-chart").inputs.values, true) as { grafana: Grafana }).grafana;

describe("grafanaSsoValues", () => {
  const values = grafanaSsoValues(
    { client: { clientId: "grafana", issuerUrl: "https://auth.homelab.test/realms/homelab" }, issuerCalls: { allow: { kind: "within-namespace" }, hostAliases: [] }, trustIssuerCa: true },
    "https://grafana.homelab.test",
  );

  it("points Grafana at the realm's endpoints with PKCE, trusting the platform CA", () => {
    expect(values.ini["auth.generic_oauth"]).toMatchObject({
      enabled: true,
      client_id: "grafana",
      auth_url: "https://auth.homelab.test/realms/homelab/protocol/openid-connect/auth",
      token_url: "https://auth.homelab.test/realms/homelab/protocol/openid-connect/token",
      api_url: "https://auth.homelab.test/realms/homelab/protocol/openid-connect/userinfo",
      use_pkce: true,
      tls_client_ca: "/etc/platform-ca/ca.crt",
      role_attribute_strict: true,
    });
    expect(values.subchart).not.toHaveProperty("hostAliases");
    expect(values.subchart.extraConfigmapMounts).toEqual([{ name: "platform-ca", mountPath: "/etc/platform-ca", configMap: "platform-ca", readOnly: true }]);
  });

  it("names no CA for a publicly trusted issuer: Grafana's CA file would replace its public roots", () => {
    const acme = grafanaSsoValues(
      { client: { clientId: "grafana", issuerUrl: "https://auth.lab.example.com/realms/homelab" }, issuerCalls: { allow: { kind: "within-namespace" }, hostAliases: [] }, trustIssuerCa: false },
      "https://grafana.lab.example.com",
    );
    expect(acme.ini["auth.generic_oauth"]).not.toHaveProperty("tls_client_ca");
    expect(acme.subchart).not.toHaveProperty("extraConfigmapMounts");
  });
});

describe("Grafana behind single sign-on", () => {
  it("with sso on, logs in through the realm, its client secret from a delivered Secret, the admin login kept", async () => {
    const recording = await render(true);
    const grafana = (plain(resource(recording, "kubernetes:helm.sh/v4:Chart", "kube-prometheus-stack-chart").inputs.values, true) as { grafana: Grafana }).grafana;
    expect(grafana["grafana.ini"]["auth.generic_oauth"]).toMatchObject({ client_id: "grafana", role_attribute_path: GRAFANA_ROLE_PATH });
    expect(grafana["grafana.ini"].server).toEqual({ root_url: "https://grafana.homelab.test" });
    expect(grafana.envValueFrom).toEqual({ GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: "grafana-oidc", key: "client-secret" } } });
    expect(grafana.hostAliases).toEqual([{ ip: "192.168.49.200", hostnames: ["auth.homelab.test"] }]);
    expect(grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    expect(Object.keys(plain(resource(recording, "kubernetes:core/v1:Secret", "monitoring-grafana-oidc").inputs.stringData, true) as object)).toEqual(["client-secret"]);
    expect(resource(recording, "kubernetes:core/v1:ConfigMap", "monitoring-platform-ca").inputs.metadata).toMatchObject({ name: "platform-ca", namespace: "monitoring" });
  });

  it("with sso off, has only the admin login", async () => {
    const grafana = await grafanaValues(false);
    expect(grafana["grafana.ini"]).not.toHaveProperty("auth.generic_oauth");
    expect(grafana).not.toHaveProperty("envValueFrom");
  });
});
