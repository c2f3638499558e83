import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, resource, resourcesOfType } from "../../render/harness";
import type { Recording } from "../../render/run-under-mocks";
import { Secret } from "../../render/secret";
import { waitsFor } from "../../render/waits-for";
import { mounterSpec, secretProviderClassSpec } from "./vault-csi-delivery";
import { PROVIDER_CA_FILE, secretsStoreCsiDriverValues, vaultCsiProviderValues } from "./secrets-store-csi";

const CHART = "kubernetes:helm.sh/v4:Chart";
const SECRET = "kubernetes:core/v1:Secret";
const SPC = "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

const VAULT = { url: "https://vault.vault.svc:8200", caFile: PROVIDER_CA_FILE };
const CSI = { ...MINIKUBE, features: { secrets: true }, vault: { delivery: "csi", appNamespaces: ["shop"] } };

type SpcSpec = ReturnType<typeof secretProviderClassSpec> & { parameters: Record<string, string>; secretObjects: { secretName: string; data: { objectName: string; key: string }[] }[] };

function metadataOf(inputs: Record<string, unknown>): { name: string; namespace: string } {
  return inputs.metadata as { name: string; namespace: string };
}

function secretNames(recording: Recording): string[] {
  return resourcesOfType(recording, SECRET)
    .filter((r) => r.inputs.metadata !== undefined)
    .map((r) => metadataOf(r.inputs))
    .map((m) => `${m.namespace}/${m.name}`);
}

describe("secretProviderClassSpec", () => {
  it("reads each key of the credential's KV entry with its namespace's role, and syncs them to the Secret the workload reads", () => {
    const spec = secretProviderClassSpec({ namespace: "llm", secretName: "gateway-keys" }, ["admin", "user"], VAULT) as SpcSpec;
    expect(spec.provider).toBe("vault");
    expect(spec.parameters).toMatchObject({ vaultAddress: VAULT.url, vaultCACertPath: PROVIDER_CA_FILE, roleName: "platform-llm", vaultKubernetesMountPath: "kubernetes" });
    expect(JSON.parse(spec.parameters.objects!)).toEqual([
      { objectName: "admin", secretPath: "kv/data/platform/llm/gateway-keys", secretKey: "admin" },
      { objectName: "user", secretPath: "kv/data/platform/llm/gateway-keys", secretKey: "user" },
    ]);
    expect(spec.secretObjects).toEqual([{ secretName: "gateway-keys", type: "Opaque", data: [{ objectName: "admin", key: "admin" }, { objectName: "user", key: "user" }] }]);
  });
});

describe("mounterSpec", () => {
  it("mounts every class of the namespace read-only, as the namespace's reader, restricted and without an API token", () => {
    const spec = mounterSpec(["a", "b"], "lean");
    const pod = (spec.template as { spec: unknown }).spec as { serviceAccountName: string; automountServiceAccountToken: boolean; volumes: unknown[]; containers: { volumeMounts: unknown[]; securityContext: unknown }[]; securityContext: unknown };
    expect(pod.serviceAccountName).toBe("vault-reader");
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toEqual([
      { name: "class-0", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "a" } } },
      { name: "class-1", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "b" } } },
    ]);
    expect(pod.containers[0]!.volumeMounts).toEqual([
      { name: "class-0", mountPath: "/mnt/secrets/a", readOnly: true },
      { name: "class-1", mountPath: "/mnt/secrets/b", readOnly: true },
    ]);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.containers[0]!.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
  });

  it("keeps a mount through a rollout and, on full sizing, through a drained node", () => {
    expect(mounterSpec(["a"], "lean")).toMatchObject({ replicas: 1, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    expect(mounterSpec(["a"], "full").replicas).toBe(2);
  });
});

describe("chart values", () => {
  it("the driver syncs Secrets and reads every mounted secret again on an interval", () => {
    expect(secretsStoreCsiDriverValues("lean")).toMatchObject({ syncSecret: { enabled: true }, enableSecretRotation: true, rotationPollInterval: "2m", linux: { crds: { enabled: false } } });
  });

  it("the Vault chart's second release runs only the provider, calling Vault with the platform CA mounted", () => {
    const values = vaultCsiProviderValues("lean", VAULT.url) as { csi: { volumeMounts: { mountPath: string }[] } };
    expect(values).toMatchObject({ global: { externalVaultAddr: VAULT.url }, server: { enabled: false }, injector: { enabled: false }, csi: { enabled: true, agent: { enabled: false } } });
    expect(`${values.csi.volumeMounts[0]!.mountPath}/ca.crt`).toBe(PROVIDER_CA_FILE);
  });
});

describe("delivery through the CSI driver (vault.delivery: csi)", () => {
  it("makes a SecretProviderClass for each credential ESO would deliver, and no ExternalSecret, store or operator", async () => {
    const csi = await renderConfig(CSI);
    const eso = await renderConfig({ ...CSI, vault: { appNamespaces: ["shop"] } });
    const classes = resourcesOfType(csi, SPC).map((r) => {
      const spec = r.inputs.spec as SpcSpec;
      const { name, namespace } = metadataOf(r.inputs);
      expect(spec.secretObjects[0]!.secretName).toBe(name);
      return `${namespace}/${name}`;
    });
    const external = resourcesOfType(eso, "kubernetes:external-secrets.io/v1:ExternalSecret").map((r) => `${metadataOf(r.inputs).namespace}/${metadataOf(r.inputs).name}`);
    expect(classes.length).toBeGreaterThan(3);
    expect(classes.sort()).toEqual(external.sort());
    expect(csi.resources.filter((r) => r.type.includes("external-secrets.io"))).toEqual([]);
    expect(resourcesOfType(csi, CHART).map((r) => r.inputs.chart)).not.toContain("external-secrets");
    // Neither way writes a credential as a Secret of its own.
    expect(secretNames(csi).filter((name) => classes.includes(name))).toEqual([]);
  });

  it("keeps every class of a namespace mounted by its mounter, which waits for the classes and Vault's configuration", async () => {
    const recording = await renderConfig(CSI);
    const byNamespace = new Map<string, string[]>();
    for (const r of resourcesOfType(recording, SPC)) {
      const { name, namespace } = metadataOf(r.inputs);
      byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), name]);
    }
    for (const [namespace, names] of byNamespace) {
      const mounter = resourcesOfType(recording, DEPLOYMENT).find((r) => metadataOf(r.inputs).namespace === namespace && metadataOf(r.inputs).name === "secret-mounter")!;
      const volumes = (mounter.inputs.spec as { template: { spec: { volumes: { csi: { volumeAttributes: { secretProviderClass: string } } }[] } } }).template.spec.volumes;
      expect(volumes.map((v) => v.csi.volumeAttributes.secretProviderClass)).toEqual([...names].sort());
      expect(mounter.options.dependsOn).toEqual(expect.arrayContaining(["vault-config-job", `${namespace}-vault-reader`]));
      // One mounter serves every credential of its namespace: none of them may wait for a workload that waits for it.
      expect(waitsFor(recording)(mounter).has(mounter.name)).toBe(false);
    }
  });

  it("installs the driver and Vault's provider in a privileged namespace of their own, which reaches only Vault and the API server", async () => {
    const recording = await renderConfig(CSI);
    const charts = resourcesOfType(recording, CHART).filter((r) => r.inputs.namespace === "secrets-store-csi");
    expect(charts.map((r) => `${String(r.inputs.chart)} ${String(r.inputs.version)}`).sort()).toEqual(["secrets-store-csi-driver 1.6.0", "vault 0.34.1"]);
    const namespace = resource(recording, "kubernetes:core/v1:Namespace", "secrets-store-csi-namespace").inputs.metadata as { labels: Record<string, string>; annotations: Record<string, string> };
    expect(namespace.labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    expect(namespace.annotations["homelab/pod-security-reason"]).toContain("CSI driver");
    const egress = (resource(recording, NETWORK_POLICY, "secrets-store-csi-allow").inputs.spec as { egress: { to?: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports?: { port: number }[] }[] }).egress;
    const to = egress.map((rule) => `${rule.to?.[0]?.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? "api-server"}:${(rule.ports ?? []).map((p) => p.port).join(",")}`);
    expect(to).toContain("vault:8200");
    const vaultIngress = (resource(recording, NETWORK_POLICY, "vault-allow").inputs.spec as { ingress: { from?: { namespaceSelector?: { matchLabels: Record<string, string> } }[] }[] }).ingress;
    const from = vaultIngress.map((rule) => rule.from?.[0]?.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"]);
    expect(from).toContain("secrets-store-csi");
    expect(from).not.toContain("external-secrets");
  });

  it("gives an app namespace its reader and role, no class: people mount their own", async () => {
    const recording = await renderConfig(CSI);
    const input = resource(recording, SECRET, "vault-config-input").inputs.stringData as Secret;
    const desired = JSON.parse((input.value as { "desired.json": string })["desired.json"]) as { readers: { namespace: string; paths: string[] }[] };
    expect(desired.readers.find((r) => r.namespace === "shop")?.paths).toEqual(["apps/shop"]);
    expect(metadataOf(resource(recording, "kubernetes:core/v1:ServiceAccount", "shop-vault-reader").inputs)).toEqual({ name: "vault-reader", namespace: "shop" });
    expect(resourcesOfType(recording, SPC).filter((r) => metadataOf(r.inputs).namespace === "shop")).toEqual([]);
  });
});
