import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, resource, resourcesOfType } from "../../render/harness";
import { plain, Secret } from "../../render/secret";

const CHART = "kubernetes:helm.sh/v4:Chart";
const chartValues = (recording: Awaited<ReturnType<typeof renderConfig>>, name: string) => plain(resource(recording, CHART, name).inputs.values, true) as Record<string, unknown>;

/**
 * With ACME, the Gateway's certificates (the issuer's, `auth.<domain>`) chain to Let's
 * Encrypt. Clients that trust only the CA file they are given would refuse them if that
 * file were the platform CA: oauth2-proxy, Grafana and Vault are given none then.
 */
describe("single sign-on with ACME certificates", () => {
  const render = () =>
    renderConfig({
      ...MINIKUBE,
      domain: "lab.example.com",
      tls: { acme: { email: "me@example.com" } },
      features: { secrets: true, sso: true, observability: true },
    });

  it("gives the realm's clients no CA file, so they check the issuer against their public roots", async () => {
    const recording = await render();
    const proxy = chartValues(recording, "oauth2-proxy-chart") as { extraArgs: Record<string, string>; extraVolumes?: unknown };
    expect(proxy.extraArgs).not.toHaveProperty("provider-ca-file");
    expect(proxy.extraVolumes).toBeUndefined();

    const grafana = (chartValues(recording, "kube-prometheus-stack-chart") as { grafana: { "grafana.ini": Record<string, Record<string, unknown>>; extraConfigmapMounts?: unknown } }).grafana;
    expect(grafana["grafana.ini"]["auth.generic_oauth"]).toMatchObject({ client_id: "grafana" });
    expect(grafana["grafana.ini"]["auth.generic_oauth"]).not.toHaveProperty("tls_client_ca");
    expect(grafana.extraConfigmapMounts).toBeUndefined();

    const input = resource(recording, "kubernetes:core/v1:Secret", "vault-config-input").inputs.stringData as Secret;
    const desired = JSON.parse((input.value as { "desired.json": string })["desired.json"]) as { oidc?: Record<string, unknown> };
    expect(desired.oidc).toMatchObject({ issuerUrl: "https://auth.lab.example.com/realms/homelab" });
    expect(desired.oidc).not.toHaveProperty("issuerCa");
  });

  it("publishes no platform CA for them in the proxy's and Grafana's namespaces", async () => {
    const recording = await render();
    const published = resourcesOfType(recording, "kubernetes:core/v1:ConfigMap")
      .map((r) => r.inputs.metadata as { name: string; namespace: string })
      .filter((m) => m.name === "platform-ca")
      .map((m) => m.namespace);
    expect(published).not.toContain("sso-proxy");
    expect(published).not.toContain("monitoring");
  });
});
