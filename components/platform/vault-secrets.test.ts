import { describe, expect, it } from "vitest";
import { madeBy, MINIKUBE, renderConfig, renderStack, resource, resourcesOfType } from "../../render/harness";
import type { Recording } from "../../render/run-under-mocks";
import { Secret } from "../../render/secret";

const CHART = "kubernetes:helm.sh/v4:Chart";
const SECRET = "kubernetes:core/v1:Secret";
const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const STORE = "kubernetes:external-secrets.io/v1:SecretStore";
const JOB = "kubernetes:batch/v1:Job";

type Values = { server: { ha: { replicas: number; raft: { config: string } }; resources: unknown } };

function vaultValues(recording: Recording): Values {
  return resource(recording, CHART, "vault-chart").inputs.values as Values;
}

function metadataOf(inputs: Record<string, unknown>): { name: string; namespace: string } {
  return inputs.metadata as { name: string; namespace: string };
}

/** Secret names by namespace: `ns/name`. */
function secretNames(recording: Recording, type: string): string[] {
  return resourcesOfType(recording, type)
    // A Secret the program reads (Vault's recovery material) has no inputs.
    .filter((r) => r.inputs.metadata !== undefined)
    .map((r) => metadataOf(r.inputs))
    .map((m) => `${m.namespace}/${m.name}`)
    .sort();
}

describe("the secrets layer", () => {
  it("lean: one Vault pod with Raft on a kept volume and TLS from the platform CA, no peers to join", async () => {
    const recording = await renderStack("dev");
    const values = vaultValues(recording);
    expect(values.server.ha.replicas).toBe(1);
    expect(values.server.ha.raft.config).toContain('tls_cert_file = "/vault/tls/tls.crt"');
    expect(values.server.ha.raft.config).not.toContain("retry_join");
    expect(values).toMatchObject({
      global: { tlsDisable: false },
      server: { persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" }, ha: { disruptionBudget: { enabled: false } } },
    });
    const namespace = resource(recording, "kubernetes:core/v1:Namespace", "vault-namespace");
    expect(namespace.options.retainOnDelete).toBe(true);
    const certificate = resource(recording, "kubernetes:cert-manager.io/v1:Certificate", "vault-certificate").inputs.spec as Record<string, unknown>;
    expect(certificate).toMatchObject({ secretName: "vault-tls", issuerRef: { kind: "ClusterIssuer", name: "local-ca" } });
    expect(certificate.dnsNames).toEqual(expect.arrayContaining(["vault.vault.svc", "*.vault-internal"]));
    expect(recording.outputs.endpoints).toMatchObject({ vault: "https://vault.homelab.test/ui/" });
  });

  it("full: three Raft voters that join each other by their stable names", async () => {
    const values = vaultValues(await renderStack("homelab"));
    expect(values.server.ha.replicas).toBe(3);
    const joins = [...values.server.ha.raft.config.matchAll(/leader_api_addr = "([^"]+)"/g)].map((m) => m[1]);
    expect(joins).toEqual([0, 1, 2].map((i) => `https://vault-${i}.vault-internal:8200`));
  });

  it("delivers every credential as an ExternalSecret: the Secrets written directly with secrets off are each made by ESO with it on", async () => {
    const on = await renderConfig({ ...MINIKUBE, features: { secrets: true } });
    const off = await renderConfig({ ...MINIKUBE, features: { secrets: false } });
    const delivered = resourcesOfType(on, EXTERNAL_SECRET).map((r) => {
      const { namespace } = metadataOf(r.inputs);
      return `${namespace}/${(r.inputs.spec as { target: { name: string } }).target.name}`;
    });
    const plainOff = secretNames(off, SECRET);
    const plainOn = secretNames(on, SECRET);
    expect(delivered.length).toBeGreaterThan(3);
    for (const name of delivered) {
      expect(plainOff).toContain(name);
      expect(plainOn).not.toContain(name);
    }
    // What the program still writes as Secrets: the CA's key, and Vault's own configuration input.
    expect(plainOn.filter((name) => !plainOff.includes(name))).toEqual(["vault/vault-config-input"]);
    expect(plainOff.filter((name) => !plainOn.includes(name)).sort()).toEqual([...delivered].sort());
  });

  it("gives each receiving namespace its own store, reading its folder with its own Vault role", async () => {
    const recording = await renderStack("dev");
    const stores = resourcesOfType(recording, STORE);
    const namespaces = stores.map((r) => metadataOf(r.inputs).namespace).sort();
    expect(namespaces).toEqual([...new Set(resourcesOfType(recording, EXTERNAL_SECRET).map((r) => metadataOf(r.inputs).namespace))].sort());
    for (const store of stores) {
      const { namespace } = metadataOf(store.inputs);
      expect((store.inputs.spec as { provider: { vault: unknown } }).provider.vault).toMatchObject({
        server: "https://vault.vault.svc:8200",
        path: "kv",
        version: "v2",
        auth: { kubernetes: { role: `platform-${namespace}`, serviceAccountRef: { name: "vault-reader" } } },
      });
    }
  });

  it("hands the configuration Job one reader per namespace and every credential, from a Secret only it mounts", async () => {
    const recording = await renderStack("dev");
    const input = resource(recording, SECRET, "vault-config-input").inputs.stringData;
    expect(input).toBeInstanceOf(Secret);
    const desired = JSON.parse(((input as Secret).value as { "desired.json": string })["desired.json"]) as { readers: { namespace: string; paths: string[] }[]; secrets: Record<string, unknown> };
    const externalSecrets = resourcesOfType(recording, EXTERNAL_SECRET).map((r) => metadataOf(r.inputs));
    expect(Object.keys(desired.secrets).sort()).toEqual(externalSecrets.map((m) => `platform/${m.namespace}/${m.name}`).sort());
    for (const reader of desired.readers) expect(reader.paths).toEqual([`platform/${reader.namespace}`]);
    const job = resourcesOfType(recording, JOB).find((r) => metadataOf(r.inputs).name.startsWith("vault-config-"))!;
    const container = (job.inputs.spec as { template: { spec: { containers: { command: string[] }[]; serviceAccountName: string } } }).template.spec;
    expect(container.serviceAccountName).toBe("vault-config");
    expect(container.containers[0]!.command.at(-1)).toBe("configure");
  });

  it("lets only the Gateway, the operator and Vault's own namespace reach Vault; the operator reaches nothing else", async () => {
    const recording = await renderStack("dev");
    const policy = (name: string) => resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", name).inputs.spec as {
      ingress: { from?: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports?: { port: number }[] }[];
      egress: { to?: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports?: { port: number }[] }[];
    };
    const from = (spec: ReturnType<typeof policy>) =>
      spec.ingress.map((rule) => `${rule.from?.[0]?.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? "same namespace"}:${(rule.ports ?? []).map((p) => p.port).join(",") || "any"}`);
    // The unsealer and the configuration Job reach Vault from within its namespace.
    expect(from(policy("vault-allow")).sort()).toEqual(["external-secrets:8200", "same namespace:any", "traefik:8200"]);
    const esoEgress = policy("external-secrets-allow").egress.filter((rule) => rule.to?.[0]?.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] !== "kube-system");
    expect(esoEgress.map((rule) => `${rule.to?.[0]?.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? "api-server"}:${(rule.ports ?? []).map((p) => p.port).join(",")}`)).toEqual([
      "api-server:443,6443,8443",
      "vault:8200",
    ]);
  });

  it("lets the unsealer read only the recovery Secret", async () => {
    const recording = await renderStack("dev");
    const role = resource(recording, "kubernetes:rbac.authorization.k8s.io/v1:Role", "vault-unsealer-role").inputs;
    expect(role.rules).toEqual([
      { apiGroups: [""], resources: ["secrets"], resourceNames: ["vault-recovery"], verbs: ["get"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
    ]);
  });

  it("outputs Vault's URL and its recovery material as a secret", async () => {
    const recording = await renderStack("dev");
    const vault = recording.outputs.vault as { url: string; recovery: unknown };
    expect(vault.url).toBe("https://vault.homelab.test/ui/");
    expect(vault.recovery).toMatchObject({ unsealKeys: expect.any(Secret), rootToken: expect.any(Secret) });
  });

  it("leaves credentials as plain Secrets and makes nothing of its own when off", async () => {
    const recording = await renderConfig({ ...MINIKUBE, features: { secrets: false } });
    expect(madeBy(recording, "secrets").resources).toEqual([]);
    expect(resourcesOfType(recording, EXTERNAL_SECRET)).toEqual([]);
  });
});
