import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DesiredConfig } from "./platform-config.ts";
import { EXIT_DONE, EXIT_FAILED, EXIT_MISCONFIGURED, runConfigure, runUnsealer } from "./run.ts";
import { FakeKube } from "./testing/fake-kube.ts";
import { FakeVault } from "./testing/fake-vault.ts";
import { type TestCertificate, testCertificate } from "./testing/tls.ts";

let certificate: TestCertificate;
let kube: FakeKube;
let vault: FakeVault;
let jobDir: string;
let lines: string[];

beforeEach(async () => {
  certificate = await testCertificate();
  kube = await FakeKube.start(certificate, ["vault-recovery"]);
  vault = await FakeVault.start(certificate, 1);
  jobDir = await mkdtemp(join(certificate.dir, "job-"));
  // The fake Vault reads the service account from the JWT as `<namespace>/<name>`.
  await writeFile(join(jobDir, "token"), "vault/vault-config\n");
  lines = [];
});
afterEach(async () => {
  await Promise.all([kube.server.close(), vault.close()]);
  await rm(certificate.dir, { recursive: true, force: true });
});

const log = (line: string) => lines.push(line);
const common = () => ({ VAULT_ADDRESSES: vault.addresses().join(","), VAULT_CA_FILE: join(certificate.dir, "tls.crt"), NAMESPACE: "vault" });

/** One pass of the unsealer Deployment. */
async function unsealOnce(): Promise<number> {
  let passes = 0;
  const env = { ...common(), KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: String(kube.server.port), SERVICE_ACCOUNT_DIR: certificate.dir, RECOVERY_SECRET: "vault-recovery", CONFIG_SERVICE_ACCOUNT: "vault-config" };
  return runUnsealer(env, log, () => passes++ > 0);
}

async function configure(desired: DesiredConfig, extraEnv: Record<string, string> = {}): Promise<number> {
  const file = join(jobDir, "desired.json");
  await writeFile(file, JSON.stringify(desired));
  return runConfigure({ ...common(), SERVICE_ACCOUNT_DIR: jobDir, DESIRED_CONFIG_FILE: file, ...extraEnv }, log);
}

const DESIRED: DesiredConfig = {
  readers: [
    { namespace: "llm", serviceAccount: "vault-reader", paths: ["platform/llm"] },
    { namespace: "shop", serviceAccount: "vault-reader", paths: ["apps/shop"] },
  ],
  secrets: { "platform/llm/gateway-keys": { alice: "k1" }, "platform/llm/deep/admin": { password: "p" } },
};

describe("the unsealer Deployment", () => {
  it("initialises, unseals and gives the configuration Job a role of its own, never using root afterwards", async () => {
    expect(await unsealOnce()).toBe(EXIT_DONE);
    expect(vault.pods[0]!.sealed).toBe(false);
    expect(vault.auths.get("kubernetes")).toEqual({ type: "kubernetes" });
    expect(vault.roles.get("homelab-config")).toMatchObject({ bound_service_account_names: ["vault-config"], bound_service_account_namespaces: ["vault"], token_policies: ["homelab-config"] });
    expect(vault.policies.get("homelab-config")).toContain('path "sys/policies/acl/platform-*"');

    const before = vault.pods[0]!.server.calls.length;
    expect(await configure(DESIRED)).toBe(EXIT_DONE);
    const [login, ...configCalls] = vault.pods[0]!.server.calls.slice(before);
    expect(login).toMatchObject({ method: "POST", path: "/v1/auth/kubernetes/login", body: { role: "homelab-config", jwt: "vault/vault-config" } });
    expect(configCalls.length).toBeGreaterThan(0);
    for (const call of configCalls) expect(vault.tokens.get(call.headers["x-vault-token"] as string)).toEqual(["homelab-config"]);
  });

  it("exits 2 naming every missing variable", async () => {
    expect(await runUnsealer({ VAULT_ADDRESSES: "vault-0:8200" }, log)).toBe(EXIT_MISCONFIGURED);
    expect(lines.at(-1)).toBe(
      'vault-unsealer settings: VAULT_ADDRESSES: expected http(s)://host:port, comma-separated; got "vault-0:8200"; VAULT_CA_FILE: required; NAMESPACE: required; RECOVERY_SECRET: required; CONFIG_SERVICE_ACCOUNT: required; KUBERNETES_SERVICE_HOST: required',
    );
  });
});

describe("the configuration Job", () => {
  beforeEach(async () => {
    await unsealOnce();
    vault.writes.length = 0;
  });

  it("enables KV v2 and the audit log, one scoped policy and role per reader, and the credentials", async () => {
    expect(await configure(DESIRED)).toBe(EXIT_DONE);
    expect(vault.mounts.get("kv")).toEqual({ type: "kv", options: { version: "2" } });
    expect(vault.audits.get("stdout")).toEqual({ type: "file", options: { file_path: "stdout" } });
    expect(vault.policies.get("platform-shop")).toBe('path "kv/data/apps/shop/*" {\n  capabilities = ["read"]\n}\npath "kv/metadata/apps/shop/*" {\n  capabilities = ["read", "list"]\n}');
    expect(vault.roles.get("platform-llm")).toEqual({
      bound_service_account_names: ["vault-reader"],
      bound_service_account_namespaces: ["llm"],
      token_policies: ["platform-llm"],
      token_ttl: 3600,
    });
    expect(Object.fromEntries(vault.kv)).toEqual(DESIRED.secrets);
    expect(lines).not.toContainEqual(expect.stringContaining("k1"));
  });

  it("changes nothing when applied twice", async () => {
    await configure(DESIRED);
    vault.writes.length = 0;
    expect(await configure(DESIRED)).toBe(EXIT_DONE);
    expect(vault.writes).toEqual([]);
    expect(lines.at(-1)).toBe("Vault already holds the declared configuration");
  });

  it("changes what changed and removes what the platform made and no longer declares, leaving the rest", async () => {
    await configure(DESIRED);
    vault.policies.set("someone-elses", 'path "x" {}');
    vault.kv.set("apps/shop/db", { password: "theirs" });
    vault.writes.length = 0;
    expect(await configure({ readers: [DESIRED.readers[0]!], secrets: { "platform/llm/gateway-keys": { alice: "k2" } } })).toBe(EXIT_DONE);
    expect(vault.writes.sort()).toEqual([
      "DELETE auth/kubernetes/role/platform-shop",
      "DELETE kv/metadata/platform/llm/deep/admin",
      "DELETE sys/policies/acl/platform-shop",
      "POST kv/data/platform/llm/gateway-keys",
    ]);
    expect([...vault.policies.keys()].sort()).toEqual(["homelab-config", "platform-llm", "someone-elses"]);
    expect(vault.kv.get("apps/shop/db")).toEqual({ password: "theirs" });
  });

  it("fails naming the mount when kv/ is something else", async () => {
    vault.mounts.set("kv", { type: "kv", options: { version: "1" } });
    expect(await configure(DESIRED)).toBe(EXIT_FAILED);
    expect(lines.at(-1)).toBe("failed: kv/ is a kv mount (version 1), not KV v2; the platform will not replace it");
  });

  it("fails when its service account is not the one the role admits", async () => {
    await writeFile(join(jobDir, "token"), "llm/intruder\n");
    expect(await configure(DESIRED)).toBe(EXIT_FAILED);
    expect(lines.at(-1)).toMatch(/^failed: POST https:\/\/127\.0\.0\.1:\d+\/v1\/auth\/kubernetes\/login: HTTP 403: permission denied$/);
  });
});

describe("people's OIDC login", () => {
  const OIDC: DesiredConfig = {
    ...DESIRED,
    secrets: { ...DESIRED.secrets, "platform/vault/oidc": { "client-secret": "s1" } },
    oidc: {
      issuerUrl: "https://auth.homelab.test/realms/homelab",
      issuerCa: "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----",
      clientId: "vault",
      clientSecretPath: "platform/vault/oidc",
      redirectUris: ["https://vault.homelab.test/ui/vault/auth/oidc/oidc/callback", "http://localhost:8250/oidc/callback"],
      groupsClaim: "groups",
      adminGroup: "admins",
      userGroups: ["admins", "users"],
    },
  };

  beforeEach(async () => {
    await unsealOnce();
    vault.writes.length = 0;
  });

  it("enables oidc/ as the platform's, points it at the issuer and maps the admin group to the admin policy", async () => {
    expect(await configure(OIDC)).toBe(EXIT_DONE);
    expect(vault.auths.get("oidc")).toEqual({ type: "oidc", description: "managed by the homelab platform" });
    expect(vault.oidcConfig).toEqual({
      oidc_discovery_url: "https://auth.homelab.test/realms/homelab",
      oidc_discovery_ca_pem: OIDC.oidc!.issuerCa,
      oidc_client_id: "vault",
      oidc_client_secret: "s1",
      bound_issuer: "https://auth.homelab.test/realms/homelab",
      default_role: "platform-users",
    });
    expect(vault.oidcRoles.get("platform-admins")).toMatchObject({ bound_claims: { groups: ["admins"] }, token_policies: ["platform-admins"], groups_claim: "groups", bound_audiences: ["vault"] });
    expect(vault.oidcRoles.get("platform-users")).toMatchObject({ bound_claims: { groups: ["admins", "users"] }, token_policies: ["default"] });
    expect(vault.oidcRoles.get("platform-users")!.allowed_redirect_uris).toEqual(OIDC.oidc!.redirectUris);
    expect(vault.policies.get("platform-admins")).toContain('path "*"');
    expect(lines).not.toContainEqual(expect.stringContaining("s1"));
  });

  it("changes nothing when applied twice, and writes the configuration again when only the client's secret changed", async () => {
    await configure(OIDC);
    vault.writes.length = 0;
    expect(await configure(OIDC)).toBe(EXIT_DONE);
    expect(vault.writes).toEqual([]);
    const rotated = { ...OIDC, secrets: { ...OIDC.secrets, "platform/vault/oidc": { "client-secret": "s2" } } };
    expect(await configure(rotated)).toBe(EXIT_DONE);
    expect(vault.writes.sort()).toEqual(["POST auth/oidc/config", "POST kv/data/platform/vault/oidc"]);
    expect(vault.oidcConfig!.oidc_client_secret).toBe("s2");
  });

  it("clears the issuer's CA when the issuer's certificate becomes publicly trusted (ACME), and is stable there", async () => {
    await configure(OIDC);
    const { issuerCa: _platformCa, ...publicIssuer } = OIDC.oidc!;
    const acme: DesiredConfig = { ...OIDC, oidc: publicIssuer };
    vault.writes.length = 0;
    expect(await configure(acme)).toBe(EXIT_DONE);
    expect(vault.writes).toEqual(["POST auth/oidc/config"]);
    expect(vault.oidcConfig).toMatchObject({ oidc_discovery_ca_pem: "", oidc_discovery_url: "https://auth.homelab.test/realms/homelab" });
    vault.writes.length = 0;
    expect(await configure(acme)).toBe(EXIT_DONE);
    expect(vault.writes).toEqual([]);
  });

  it("removes the platform's login, its roles and the admin policy when single sign-on is turned off", async () => {
    await configure(OIDC);
    vault.writes.length = 0;
    expect(await configure(DESIRED)).toBe(EXIT_DONE);
    expect(vault.writes.sort()).toEqual(["DELETE kv/metadata/platform/vault/oidc", "DELETE sys/auth/oidc", "DELETE sys/policies/acl/platform-admins"]);
    expect(vault.auths.has("oidc")).toBe(false);
    expect(vault.oidcRoles.size).toBe(0);
  });

  it("leaves an oidc/ method it did not enable alone, and refuses to take it over", async () => {
    vault.auths.set("oidc", { type: "oidc" });
    expect(await configure(DESIRED)).toBe(EXIT_DONE);
    expect(vault.auths.get("oidc")).toEqual({ type: "oidc" });
    expect(await configure(OIDC)).toBe(EXIT_FAILED);
    expect(lines.at(-1)).toBe("failed: oidc/ is an auth method of type oidc the platform did not enable; it will not take it over");
  });

  it("on a first install, leaves the login for a later run while the issuer does not answer, and fails on it otherwise", async () => {
    vault.issuerAnswers = false;
    expect(await configure(OIDC, { OIDC_ISSUER_MAY_BE_DOWN: "true" })).toBe(EXIT_DONE);
    expect(lines).toContainEqual(expect.stringMatching(/^the issuer https:\/\/auth\.homelab\.test\/realms\/homelab does not answer yet/));
    expect(vault.oidcConfig).toBeUndefined();
    expect(vault.kv.get("platform/llm/gateway-keys")).toEqual({ alice: "k1" });
    // The KV copy says which secret Vault holds: none yet.
    expect(vault.kv.has("platform/vault/oidc")).toBe(false);
    expect(await configure(OIDC)).toBe(EXIT_FAILED);
    expect(lines.at(-1)).toMatch(/^failed: POST .*auth\/oidc\/config: HTTP 400: error checking oidc discovery URL/);
    vault.issuerAnswers = true;
    expect(await configure(OIDC)).toBe(EXIT_DONE);
    expect(vault.oidcConfig).toMatchObject({ oidc_client_id: "vault", oidc_client_secret: "s1" });
  });

  it("writes a rotated secret on the run after a deferred one, since the KV copy still names the old", async () => {
    await configure(OIDC);
    vault.issuerAnswers = false;
    const rotated = { ...OIDC, secrets: { ...OIDC.secrets, "platform/vault/oidc": { "client-secret": "s2" } } };
    expect(await configure(rotated, { OIDC_ISSUER_MAY_BE_DOWN: "true" })).toBe(EXIT_DONE);
    expect(vault.kv.get("platform/vault/oidc")).toEqual({ "client-secret": "s1" });
    vault.issuerAnswers = true;
    expect(await configure(rotated)).toBe(EXIT_DONE);
    expect(vault.oidcConfig!.oidc_client_secret).toBe("s2");
  });

  it("refuses a reader namespace that would take an OIDC role's name", async () => {
    const clash = { ...DESIRED, readers: [{ namespace: "admins", serviceAccount: "vault-reader", paths: ["apps/admins"] }] };
    expect(await configure(clash)).toBe(EXIT_FAILED);
    expect(lines.at(-1)).toBe("failed: namespace admins would take the name of the platform's OIDC role platform-admins");
  });
});
