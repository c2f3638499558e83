import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../src/config/sync-config.ts";
import { EXIT_FAILED, EXIT_SYNCED } from "../src/run.ts";
import { SyncHarness } from "../src/testing/sync-harness.ts";
import { makeTempDir, type TempDir } from "../src/testing/temp-dir.ts";
import { buildBundle, bundleOptions, MAX_BUNDLE_BYTES, type Bundle } from "./build-bundle.ts";

interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
}

/** Runs the bundle as the Job does: plain node, an empty folder with no node_modules, only the pod's variables. */
function runBundle(bundle: Bundle, cwd: string, env: Env): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle.path], { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

describe("the bundle", () => {
  let dir: TempDir;
  let bundle: Bundle;
  beforeAll(async () => {
    dir = await makeTempDir("model-sync-bundle");
    bundle = await buildBundle(join(dir.path, "model-sync.mjs"));
  });
  afterAll(() => dir.remove());

  it("is one ES module for Node 20 with nothing left outside, under 1 MiB", async () => {
    expect(await bundleOptions()).toMatchObject({ entryPoints: ["src/main.ts"], bundle: true, platform: "node", format: "esm", target: "node26", external: [] });
    expect(bundle.bytes).toBeLessThan(MAX_BUNDLE_BYTES);
  });

  it("syncs with plain node and exits 0, or exits 1 leaving Ollama's error as the termination message", async () => {
    const h = await SyncHarness.start();
    try {
      h.ollama.publish("qwen3:0.6b");
      const synced = await runBundle(bundle, dir.path, h.env([{ name: "qwen3:0.6b" }]));
      expect(synced.code).toBe(EXIT_SYNCED);
      expect(synced.stdout).toContain("pull qwen3:0.6b: success\n");
      expect(synced.stdout.trimEnd().split("\n").at(-1)).toBe("summary: pulled 1 (qwen3:0.6b), created 0, re-created 0, removed 0, unchanged 0");

      const failed = await runBundle(bundle, dir.path, h.env([{ name: "nope:1b" }, { name: "qwen3:0.6b" }]));
      expect(failed.code).toBe(EXIT_FAILED);
      expect(failed.stdout.trimEnd().split("\n").at(-1)).toBe("failed: pull nope:1b: pull model manifest: file does not exist");
      expect(await h.readTerminationMessage()).toMatch(/^failed: pull nope:1b: pull model manifest: file does not exist\n/);
      expect(Object.keys(h.managedSet())).toEqual(["qwen3:0.6b"]);
    } finally {
      await h.close();
    }
  });
});
