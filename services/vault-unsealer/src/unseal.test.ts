import { rm } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RecoverySecret } from "./kube-secret.ts";
import { FakeKube } from "./testing/fake-kube.ts";
import { FakeVault } from "./testing/fake-vault.ts";
import { type TestCertificate, testCertificate } from "./testing/tls.ts";
import { unsealPass } from "./unseal.ts";
import type { VaultEndpoint } from "./vault-api.ts";

const SECRET = "vault-recovery";

let certificate: TestCertificate;
let kube: FakeKube;
let vault: FakeVault | undefined;
let lines: string[];

beforeEach(async () => {
  certificate = await testCertificate();
  kube = await FakeKube.start(certificate, [SECRET]);
  lines = [];
});
afterEach(async () => {
  await Promise.all([kube.server.close(), vault?.close()]);
  vault = undefined;
  await rm(certificate.dir, { recursive: true, force: true });
});

async function cluster(pods: number) {
  vault = await FakeVault.start(certificate, pods);
  const endpoints: VaultEndpoint[] = vault.addresses().map((address) => ({ address, ca: certificate.cert }));
  const secret = new RecoverySecret(kube.api(), "vault", SECRET);
  return { vault, pass: () => unsealPass(endpoints, secret, (line) => lines.push(line)), secret };
}

describe("unsealing", () => {
  it("initialises a new Vault once, stores the material first, and unseals every pod", async () => {
    const { vault, pass, secret } = await cluster(3);
    const result = await pass();
    expect(result).toEqual({ initialised: true, unsealed: vault.addresses() });
    expect(await secret.read()).toEqual({ unsealKeys: [vault.unsealKey], rootToken: vault.rootToken });
    expect(vault.pods.every((pod) => !pod.sealed)).toBe(true);
    expect(lines[0]).toBe(`initialised Vault at ${vault.addresses()[0]}; the recovery material is stored`);
    const inits = vault.pods.flatMap((pod) => pod.server.calls).filter((call) => call.path === "/v1/sys/init");
    expect(inits).toHaveLength(1);
  });

  it("does nothing to a Vault that is initialised and unsealed", async () => {
    const { vault, pass } = await cluster(1);
    await pass();
    const before = vault.pods[0]!.server.calls.length;
    expect(await pass()).toEqual({ initialised: false, unsealed: vault.addresses() });
    expect(vault.pods[0]!.server.calls.slice(before).map((call) => `${call.method} ${call.path}`)).toEqual(["GET /v1/sys/seal-status"]);
  });

  it("unseals every pod after a restart with the stored keys, without initialising again", async () => {
    const { vault, pass } = await cluster(3);
    await pass();
    const rootToken = vault.rootToken;
    vault.restart();
    expect(await pass()).toEqual({ initialised: false, unsealed: vault.addresses() });
    expect(vault.rootToken).toBe(rootToken);
    expect(lines.slice(-3)).toEqual(vault.addresses().map((address) => `unsealed ${address}`));
  });

  it("refuses to initialise over stored keys when the storage is gone", async () => {
    const { vault, pass } = await cluster(1);
    await pass();
    vault.initialized = false;
    vault.restart();
    await expect(pass()).rejects.toThrow(/is not initialised, but the recovery Secret holds the keys of a Vault made before/);
  });

  it("looks again next time at a pod that does not answer, and unseals the others", async () => {
    const { vault, pass } = await cluster(2);
    await vault.pods[1]!.server.close();
    const result = await pass();
    expect(result.unsealed).toEqual([vault.addresses()[0]]);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${vault.addresses()[1]} does not answer yet`)));
  });

  it("fails naming the Secret when its Role does not let it read the Secret", async () => {
    await kube.server.close();
    kube = await FakeKube.start(certificate, []);
    const { pass } = await cluster(1);
    await expect(pass()).rejects.toThrow(`cannot read Secret vault/${SECRET}: HTTP 403: secrets "${SECRET}" is forbidden`);
  });
});
