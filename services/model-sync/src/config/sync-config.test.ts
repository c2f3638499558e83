import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import { readSyncConfig, type Env } from "./sync-config.ts";

const pod: Env = {
  MODELS: '[{"name":"qwen3:0.6b","numCtx":8192}]',
  STATE_CONFIGMAP: "model-sync-state",
  KUBERNETES_SERVICE_HOST: "10.43.0.1",
  KUBERNETES_SERVICE_PORT: "443",
};

function problemsOf(env: Env): readonly string[] {
  try {
    readSyncConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the environment to be rejected");
}

describe("readSyncConfig", () => {
  it("reads a pod's environment with the documented defaults", () => {
    expect(readSyncConfig(pod)).toEqual({
      ollamaHost: "http://127.0.0.1:11434",
      ollamaWaitMs: 300_000,
      models: [{ kind: "pulled", name: "qwen3:0.6b" }],
      state: {
        kind: "configmap",
        name: "model-sync-state",
        endpoint: { host: "10.43.0.1", port: 443, serviceAccountDir: "/var/run/secrets/kubernetes.io/serviceaccount" },
      },
    });
  });

  it("takes the Ollama address, the wait and a local state file when given", () => {
    const config = readSyncConfig({ MODELS: "[]", OLLAMA_HOST: "http://ollama.llm.svc:11434", OLLAMA_WAIT_SECONDS: "2.5", STATE_FILE: "/tmp/managed.json" });
    expect(config).toMatchObject({ ollamaHost: "http://ollama.llm.svc:11434", ollamaWaitMs: 2_500, state: { kind: "file", path: "/tmp/managed.json" } });
  });

  it("lists every bad variable at once, with the models' own problems", () => {
    expect(
      problemsOf({ MODELS: '[{"name":"qwen3","numCtx":"big"}]', OLLAMA_HOST: "ollama:11434", OLLAMA_WAIT_SECONDS: "0", STATE_CONFIGMAP: "Model_Sync", KUBERNETES_SERVICE_PORT: "https" }),
    ).toEqual([
      'OLLAMA_HOST: expected an http:// or https:// URL such as http://ollama.llm.svc:11434; got "ollama:11434"',
      'OLLAMA_WAIT_SECONDS: expected a number of seconds above 0, such as 300; got "0"',
      `STATE_CONFIGMAP: expected a ConfigMap name (lower-case letters, digits, '-' and '.', at most 253); got "Model_Sync"`,
      "KUBERNETES_SERVICE_HOST: not set, yet Kubernetes sets it in every pod; outside a cluster use STATE_FILE instead of STATE_CONFIGMAP",
      'KUBERNETES_SERVICE_PORT: expected a port number from 1 to 65535; got "https"',
      'MODELS[0].numCtx: expected a whole number of tokens, at least 512; got "big"',
    ]);
  });

  it("needs exactly one place for the managed set", () => {
    expect(problemsOf({ MODELS: "[]" })).toEqual([expect.stringMatching(/^STATE_CONFIGMAP: required/)]);
    expect(problemsOf({ ...pod, STATE_FILE: "/tmp/x" })).toEqual([expect.stringMatching(/^STATE_CONFIGMAP and STATE_FILE: both set/)]);
  });
});
