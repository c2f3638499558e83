import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaStub, type OllamaStub } from "../src/testing/ollama-stub.ts";
import { readSse } from "../src/testing/test-gateway.ts";
import { BUNDLE_LIMIT_BYTES, DEFAULT_BUNDLE_PATH, buildBundle } from "./bundle.ts";

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

/** Runs the bundle with plain node and waits for its "listening" log line. */
function run(file: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [file], { env: { PATH: process.env.PATH ?? "", PORT: "0", METRICS_PORT: "0", HOST: "127.0.0.1", ...env } });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /"msg":"listening","url":"([^"]+)"/.exec(output);
      if (listening) resolve({ child, url: listening[1] as string, output: () => output });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", resolve));
}

describe("single-file bundle", () => {
  let stub: OllamaStub;
  let bundlePath: string;
  let workDir: string;

  beforeAll(async () => {
    stub = await startOllamaStub([
      { name: "llama3.2:1b", capabilities: ["completion"], tokenDelayMs: 30, answer: () => Array.from({ length: 20 }, () => " word") },
    ]);
    workDir = await mkdtemp(join(tmpdir(), "llm-gateway-bundle-"));
    // Built next to the default path so the workspace's node_modules (and PGlite) resolve as for `npm run bundle`.
    bundlePath = join(dirname(DEFAULT_BUNDLE_PATH), `test-${process.pid}.mjs`);
  });

  afterAll(async () => {
    await stub.close();
    await rm(workDir, { recursive: true, force: true });
    await rm(bundlePath, { force: true });
  });

  it(`is one file under ${BUNDLE_LIMIT_BYTES} bytes`, async () => {
    const { bytes } = await buildBundle(bundlePath);
    expect(bytes).toBeLessThan(BUNDLE_LIMIT_BYTES);
  });

  it("fails at start with a clear message when DATABASE_URL is unset and PGlite is not installed", async () => {
    const alone = join(workDir, "llm-gateway.mjs");
    await copyFile(bundlePath, alone);
    const child = spawn(process.execPath, [alone], { env: { PATH: process.env.PATH ?? "", API_KEYS: "a:b" }, cwd: workDir });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitCode(child)).toBe(1);
    expect(stderr).toContain("DATABASE_URL is not set and the embedded store (@electric-sql/pglite) cannot be loaded");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("serves with the embedded store and finishes a running stream on SIGTERM", async () => {
    const gateway = await run(bundlePath, {
      API_KEYS: "alice:key",
      MODEL_ALIASES: "fast=llama3.2:1b",
      OLLAMA_HOST: stub.url,
      DATA_DIR: workDir,
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { Authorization: "Bearer key", "Content-Type": "application/json" },
      body: JSON.stringify({ model: "fast", stream: true, messages: [{ role: "user", content: "Hi" }] }),
    });
    const exited = exitCode(gateway.child);
    gateway.child.kill("SIGTERM");
    const { data } = await readSse(response);
    expect(data.at(-1)).toBe("[DONE]");
    expect(await exited).toBe(0);
    expect(gateway.output()).toContain('"msg":"stopped"');
  });

  it.skipIf(!process.env.DATABASE_URL)("starts with DATABASE_URL and no PGlite beside it (skipped without DATABASE_URL)", async () => {
    const alone = join(workDir, "llm-gateway.mjs");
    await copyFile(bundlePath, alone);
    const gateway = await run(alone, {
      API_KEYS: "alice:key",
      MODEL_ALIASES: "fast=llama3.2:1b",
      OLLAMA_HOST: stub.url,
      DATABASE_URL: process.env.DATABASE_URL as string,
    });
    const ready = await (await fetch(`${gateway.url}/readyz`)).json();
    expect(ready).toMatchObject({ status: "ready", store: { ok: true, kind: "postgres" } });
    const exited = exitCode(gateway.child);
    gateway.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
