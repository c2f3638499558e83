import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_OPEN } from "./run.ts";
import { CREATED, FakeApiServer, webhookUnreachable } from "./testing/fake-api-server.ts";

const SERVICE_DIR = fileURLToPath(new URL("..", import.meta.url));

describe("the bundle the platform ships (bundle.json)", () => {
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "webhook-gate-bundle-"));
    bundle = join(dir, "webhook-gate.mjs");
    const options = JSON.parse(await readFile(join(SERVICE_DIR, "bundle.json"), "utf8")) as BuildOptions;
    await build({ ...options, outfile: bundle, absWorkingDir: SERVICE_DIR, logLevel: "warning" });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("runs with plain node and nothing beside it, and opens once the webhook accepts", async () => {
    const server = await FakeApiServer.start([webhookUnreachable("webhook.cert-manager.io"), CREATED]);
    try {
      const object = { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "webhook-gate-probe" }, spec: { selfSigned: {} } };
      const env = { PATH: process.env.PATH, ...server.podEnv(), WEBHOOK: "webhook.cert-manager.io", PROBE_RESOURCE: "clusterissuers", PROBE_OBJECT: JSON.stringify(object) };
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [bundle], { cwd: dir, env, stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
        child.on("error", reject);
        child.on("close", (exit) => resolve({ code: exit, stdout: out }));
      });
      expect(code).toBe(EXIT_OPEN);
      expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^the admission webhook webhook\.cert-manager\.io accepts ClusterIssuer webhook-gate-probe \(attempt 2, after \d+ s\)$/);
      expect(server.requests.map((r) => r.path)).toEqual(Array(2).fill("/apis/cert-manager.io/v1/clusterissuers?dryRun=All&fieldManager=webhook-gate"));
    } finally {
      await server.close();
    }
  });
});
