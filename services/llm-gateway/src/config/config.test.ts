import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { ConfigError } from "./config-error.ts";

const minimal = { API_KEYS: "alice:k1" };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      port: 8080,
      ollamaHost: "http://127.0.0.1:11434",
      databaseUrl: undefined,
      dataDir: "./data",
      defaultNumCtx: 4096,
      hideReasoning: false,
      logPrompts: false,
      limits: { maxBodyBytes: 1048576, ratePerMinute: 60, rateBurst: 20, maxStreamsPerUser: 4, upstreamParallelism: 4, queueMax: 64 },
      timeouts: { loadMs: 300000, firstTokenMs: 60000, idleMs: 30000, requestMs: 600000, keepAliveMs: 10000, shutdownGraceMs: 25000 },
    });
  });

  it("reads aliases, bare model names and per-model options", () => {
    const config = loadConfig({
      ...minimal,
      MODEL_ALIASES: "fast=llama3.2:1b, smart=qwen3:8b ,gemma3:4b",
      MODEL_OPTIONS: '[{"name":"smart","numCtx":16384,"keepAlive":"30m"},{"name":"gemma3:4b","keepAlive":-1}]',
    });
    expect(config.modelAliases).toEqual([
      { alias: "fast", upstream: "llama3.2:1b" },
      { alias: "smart", upstream: "qwen3:8b" },
      { alias: "gemma3:4b", upstream: "gemma3:4b" },
    ]);
    expect(config.modelOptions).toEqual([
      { name: "smart", numCtx: 16384, keepAlive: "30m" },
      { name: "gemma3:4b", keepAlive: -1 },
    ]);
  });

  it("reports every problem at once, naming the variable and what is allowed", () => {
    const problems = problemsOf({
      PORT: "eighty",
      API_KEYS: "alice",
      OIDC_ISSUER: "https://id.example/realms/home",
      MODEL_ALIASES: "fast=",
      MODEL_OPTIONS: '[{"name":"x","numCtx":"big"}]',
      HIDE_REASONING: "maybe",
    });
    expect(problems).toEqual([
      'PORT: got "eighty", expected an integer from 0 to 65535',
      "API_KEYS: entry 1 is not of the form user:key",
      "OIDC_ISSUER and OIDC_AUDIENCE: set both or neither",
      'MODEL_ALIASES: "fast=" is not of the form alias=model (e.g. fast=llama3.2:1b)',
      expect.stringMatching(/^MODEL_OPTIONS\[0\]\.numCtx: /),
      'HIDE_REASONING: got "maybe", expected true or false',
      "no way to authenticate: set API_KEYS (user:key,...) and/or OIDC_ISSUER with OIDC_AUDIENCE",
    ]);
  });

  it("never repeats an API key in an error", () => {
    const problems = problemsOf({ API_KEYS: "alice:good,secret-without-user" });
    expect(problems.join(" ")).not.toContain("secret-without-user");
  });

  it("refuses options for a model that is not served, and invalid JSON", () => {
    expect(problemsOf({ ...minimal, MODEL_ALIASES: "fast=llama3.2:1b", MODEL_OPTIONS: '[{"name":"slow"}]' })).toEqual([
      'MODEL_OPTIONS: "slow" is not a served model; MODEL_ALIASES serves fast, llama3.2:1b',
    ]);
    expect(problemsOf({ ...minimal, MODEL_OPTIONS: "numCtx=4096" })[0]).toMatch(/^MODEL_OPTIONS: not valid JSON/);
  });
});
