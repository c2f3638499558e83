import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_DONE, EXIT_MISCONFIGURED, runUnsealer } from "./run.ts";
import { FakeKube } from "./testing/fake-kube.ts";
import { FakeVault } from "./testing/fake-vault.ts";
import { testCertificate } from "./testing/tls.ts";

const SERVICE_DIR = fileURLToPath(new URL("..", import.meta.url));

function runBundle(bundle: string, args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: out }));
  });
}

describe("the bundle the platform ships (bundle.json)", () => {
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vault-unsealer-bundle-"));
    bundle = join(dir, "vault-unsealer.mjs");
    const options = JSON.parse(await readFile(join(SERVICE_DIR, "bundle.json"), "utf8")) as BuildOptions;
    await build({ ...options, outfile: bundle, absWorkingDir: SERVICE_DIR, logLevel: "warning" });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("runs with plain node and nothing beside it: an unknown entry is refused with the usage", async () => {
    const result = await runBundle(bundle, ["open"], {});
    expect(result.code).toBe(EXIT_MISCONFIGURED);
    expect(result.stdout.trim()).toBe('usage: vault-unsealer unseal|configure; got "open"');
  });

  it("runs the configure entry: logs in with its service account and applies the configuration over TLS", async () => {
    const certificate = await testCertificate();
    const kube = await FakeKube.start(certificate, ["vault-recovery"]);
    const vault = await FakeVault.start(certificate, 1);
    try {
      const common = { VAULT_ADDRESSES: vault.addresses()[0]!, VAULT_CA_FILE: join(certificate.dir, "tls.crt"), NAMESPACE: "vault" };
      let passes = 0;
      const unsealer = { ...common, KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: String(kube.server.port), SERVICE_ACCOUNT_DIR: certificate.dir, RECOVERY_SECRET: "vault-recovery", CONFIG_SERVICE_ACCOUNT: "vault-config" };
      await runUnsealer(unsealer, () => {}, () => passes++ > 0);
      const job = join(certificate.dir, "job");
      await mkdir(job);
      await writeFile(join(job, "token"), "vault/vault-config");
      await writeFile(join(job, "desired.json"), JSON.stringify({ readers: [], secrets: { "platform/llm/keys": { a: "b" } } }));
      const result = await runBundle(bundle, ["configure"], { ...common, SERVICE_ACCOUNT_DIR: job, DESIRED_CONFIG_FILE: join(job, "desired.json") });
      expect(result.code).toBe(EXIT_DONE);
      expect(result.stdout.trim().split("\n").at(-1)).toBe("applied 3 changes");
      expect(vault.kv.get("platform/llm/keys")).toEqual({ a: "b" });
    } finally {
      await Promise.all([vault.close(), kube.server.close()]);
      await rm(certificate.dir, { recursive: true, force: true });
    }
  });
});
