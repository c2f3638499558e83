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

type Desired = { readers: { namespace: string; paths: string[] }[]; secrets: Record<string, Record<string, string>>; oidc?: Record<string, unknown> };

function desiredOf(recording: Recording): Desired {
  const input = resource(recording, SECRET, "vault-config-input").inputs.stringData as Secret;
  return JSON.parse((input.value as { "desired.json": string })["desired.json"]) as Desired;
}

const WITH_APPS = { ...MINIKUBE, features: { secrets: true, sso: true }, vault: { appNamespaces: ["shop", "blog"] } };

describe("people's login to Vault and app namespaces", () => {
  it("with single sign-on, logs people in through the realm's client `vault`, its secret kept in Vault", async () => {
    const recording = await renderConfig(WITH_APPS);
    const desired = desiredOf(recording);
    expect(desired.oidc).toMatchObject({
      issuerUrl: "https://auth.homelab.test/realms/homelab",
      issuerCa: expect.stringContaining("BEGIN CERTIFICATE"),
      clientId: "vault",
      clientSecretPath: "platform/vault/oidc-client",
      redirectUris: ["https://vault.homelab.test/ui/vault/auth/oidc/oidc/callback", "http://localhost:8250/oidc/callback"],
      groupsClaim: "groups",
      adminGroup: "admins",
      userGroups: ["admins", "users"],
    });
    // The registry generated it (the mocks name a password after its resource).
    expect(desired.secrets["platform/vault/oidc-client"]!["client-secret"]).toContain("vault-oidc-client-secret");
    const realm = JSON.parse(envOf(recording, "keycloak-config-", "REALM")) as { clients: { clientId: string; redirectUris: string[] }[] };
    expect(realm.clients.find((c) => c.clientId === "vault")?.redirectUris).toEqual([...desired.oidc!.redirectUris as string[]].sort());
    // Vault fetches the issuer's discovery document through the Gateway, resolving auth.<domain> to the ingress address.
    expect(vaultValues(recording).server).toMatchObject({ hostAliases: [{ ip: "192.168.49.200", hostnames: ["auth.homelab.test"] }] });
    const egress = (resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "vault-allow").inputs.spec as { egress: { to?: { namespaceSelector?: { matchLabels: Record<string, string> } }[] }[] }).egress;
    expect(egress.map((rule) => rule.to?.[0]?.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"])).toContain("traefik");
  });

  it("configures the login in a second run after the realm sync, the first leaving it when the issuer does not answer yet", async () => {
    const recording = await renderConfig(WITH_APPS);
    const jobs = resourcesOfType(recording, JOB);
    const named = (prefix: string) => jobs.filter((r) => metadataOf(r.inputs).name.startsWith(prefix));
    const [first] = named("vault-config-").filter((r) => !metadataOf(r.inputs).name.startsWith("vault-config-login-"));
    const [login] = named("vault-config-login-");
    const [realm] = named("keycloak-config-");
    const mayBeDown = (job: typeof first) =>
      (job!.inputs.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }).template.spec.containers[0]!.env.find((e) => e.name === "OIDC_ISSUER_MAY_BE_DOWN")?.value;
    expect([mayBeDown(first), mayBeDown(login)]).toEqual(["true", "false"]);
    expect(login!.options.dependsOn).toEqual(expect.arrayContaining([first!.name, realm!.name]));
  });

  it("without single sign-on, declares no login and Vault calls nothing outside", async () => {
    const recording = await renderConfig({ ...MINIKUBE, features: { secrets: true, sso: false } });
    expect(desiredOf(recording).oidc).toBeUndefined();
    expect(vaultValues(recording).server).not.toHaveProperty("hostAliases");
  });

  it("gives each app namespace a store whose role reads only its own apps folder", async () => {
    const recording = await renderConfig(WITH_APPS);
    const desired = desiredOf(recording);
    for (const app of ["blog", "shop"]) {
      expect(desired.readers.find((r) => r.namespace === app)?.paths).toEqual([`apps/${app}`]);
      const store = resourcesOfType(recording, STORE).find((r) => metadataOf(r.inputs).namespace === app)!;
      expect(store.inputs.spec).toMatchObject({ provider: { vault: { auth: { kubernetes: { role: `platform-${app}` } } } } });
      expect(resource(recording, "kubernetes:core/v1:Namespace", `app-${app}`).options.retainOnDelete).toBe(true);
    }
    expect(Object.keys(desired.secrets).filter((path) => path.startsWith("apps/"))).toEqual([]);
  });
});

function envOf(recording: Recording, jobPrefix: string, name: string): string {
  const job = resourcesOfType(recording, JOB).find((r) => metadataOf(r.inputs).name.startsWith(jobPrefix))!;
  const env = (job.inputs.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }).template.spec.containers[0]!.env;
  return env.find((e) => e.name === name)!.value!;
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
    const desired = desiredOf(recording);
    const externalSecrets = resourcesOfType(recording, EXTERNAL_SECRET).map((r) => metadataOf(r.inputs));
    // Besides what ESO delivers: the secret of Vault's own OIDC client, which Vault reads itself.
    expect(Object.keys(desired.secrets).sort()).toEqual([...externalSecrets.map((m) => `platform/${m.namespace}/${m.name}`), "platform/vault/oidc-client"].sort());
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

describe("app namespaces that are the platform's", () => {
  it("are refused by the config check, naming the key, before anything is built", async () => {
    await expect(renderConfig({ ...WITH_APPS, vault: { appNamespaces: ["shop", "keycloak"] } })).rejects.toThrow(
      /vault\.appNamespaces\[1\]: "keycloak" is a namespace of the platform \(.*keycloak.*\); choose a namespace for the app/,
    );
  });
});
