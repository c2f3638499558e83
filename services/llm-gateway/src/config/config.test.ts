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
      metricsPort: 9464,
      ollamaHost: "http://127.0.0.1:11434",
      databaseUrl: undefined,
      dataDir: "./data",
      defaultNumCtx: 4096,
      hideReasoning: false,
      logPrompts: false,
      limits: {
        maxBodyBytes: 1048576,
        ratePerMinute: 60,
        rateBurst: 20,
        maxStreamsPerUser: 4,
        upstreamParallelism: 4,
        upstreamSlotsPerUser: 3,
        queueMax: 64,
        maxCompletionTokens: 8192,
        maxConversationsPerUser: 1000,
        maxStoredBytesPerUser: 67108864,
      },
      timeouts: { loadMs: 300000, firstTokenMs: 60000, idleMs: 30000, requestMs: 600000, keepAliveMs: 10000, shutdownGraceMs: 25000 },
      images: { fetchTimeoutMs: 10000, allowedRanges: [] },
    });
  });

  it("trusts forwarded identities only from users of API_KEYS", () => {
    expect(loadConfig({ API_KEYS: "open-webui:k1", FORWARDED_IDENTITY_USERS: "open-webui" }).forwardedIdentityUsers).toEqual(["open-webui"]);
    expect(problemsOf({ ...minimal, FORWARDED_IDENTITY_USERS: "open-webui" })).toEqual([
      'FORWARDED_IDENTITY_USERS: "open-webui" is not a user in API_KEYS; only an API key\'s user can be trusted to name people',
    ]);
  });

  it("makes the realm's admins group the usage admins unless USAGE_ADMIN_GROUPS names others or none", () => {
    expect(loadConfig(minimal).usageAdminGroups).toEqual(["admins"]);
    expect(loadConfig({ ...minimal, USAGE_ADMIN_GROUPS: "ops, finance" }).usageAdminGroups).toEqual(["ops", "finance"]);
    expect(loadConfig({ ...minimal, USAGE_ADMIN_GROUPS: "" }).usageAdminGroups).toEqual([]);
    expect(loadConfig({ ...minimal, USAGE_ADMIN_GROUPS: " , " }).usageAdminGroups).toEqual([]);
  });

  it("reads quotas for everybody, by rule, and the groups of API keys; none by default", () => {
    expect(loadConfig(minimal).limits.quotas).toEqual({ daily: 0, monthly: 0, rules: [] });
    const config = loadConfig({
      API_KEYS: "alice:k1,open-webui:k2",
      DAILY_TOKEN_QUOTA: "1000",
      MONTHLY_TOKEN_QUOTA: "20000",
      TOKEN_QUOTAS: '[{"group":"chat","daily":200}]',
      API_KEY_GROUPS: "open-webui=chat",
    });
    expect(config.limits.quotas).toEqual({ daily: 1000, monthly: 20000, rules: [{ group: "chat", daily: 200 }] });
    expect(config.apiKeyGroups).toEqual(new Map([["open-webui", ["chat"]]]));
  });

  it("reports every quota problem at start-up, naming the variable", () => {
    expect(problemsOf({ ...minimal, MONTHLY_TOKEN_QUOTA: "-5", TOKEN_QUOTAS: '[{"group":"chat"}]', API_KEY_GROUPS: "bob=staff" })).toEqual([
      'MONTHLY_TOKEN_QUOTA: got "-5", expected an integer from 0 to 9007199254740991',
      'TOKEN_QUOTAS[0]: sets neither "daily" nor "monthly"',
      'API_KEY_GROUPS: "bob" is not a user in API_KEYS; users: alice',
    ]);
  });

  it("reads the image fetch settings and names a bad range", () => {
    const config = loadConfig({ ...minimal, IMAGE_FETCH_TIMEOUT_MS: "2500", IMAGE_URL_ALLOW_CIDRS: "192.168.1.0/24" });
    expect(config.images).toEqual({ fetchTimeoutMs: 2500, allowedRanges: [{ address: "192.168.1.0", prefix: 24, family: "ipv4" }] });
    expect(problemsOf({ ...minimal, IMAGE_URL_ALLOW_CIDRS: "lan" })).toEqual([
      'IMAGE_URL_ALLOW_CIDRS: got "lan", expected an address range such as 192.168.1.0/24 or fd00::/8',
    ]);
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

  it("keeps an upstream slot free for others unless there is only one", () => {
    expect(loadConfig({ ...minimal, UPSTREAM_PARALLELISM: "2" }).limits.upstreamSlotsPerUser).toBe(1);
    expect(loadConfig({ ...minimal, UPSTREAM_PARALLELISM: "1" }).limits.upstreamSlotsPerUser).toBe(1);
    expect(loadConfig({ ...minimal, UPSTREAM_PARALLELISM: "8", MAX_UPSTREAM_SLOTS_PER_USER: "8" }).limits.upstreamSlotsPerUser).toBe(8);
  });

  it("refuses per-user bounds that are out of range, naming the variable, the value and what is allowed", () => {
    expect(
      problemsOf({
        ...minimal,
        UPSTREAM_PARALLELISM: "2",
        MAX_UPSTREAM_SLOTS_PER_USER: "3",
        MAX_COMPLETION_TOKENS: "0",
        MAX_CONVERSATIONS_PER_USER: "many",
        MAX_STORED_BYTES_PER_USER: "1.5",
      }),
    ).toEqual([
      'MAX_UPSTREAM_SLOTS_PER_USER: got "3", expected an integer from 1 to UPSTREAM_PARALLELISM (2)',
      'MAX_COMPLETION_TOKENS: got "0", expected an integer from 1 to 1048576',
      'MAX_CONVERSATIONS_PER_USER: got "many", expected an integer from 1 to 10000000',
      `MAX_STORED_BYTES_PER_USER: got "1.5", expected an integer from 1024 to ${Number.MAX_SAFE_INTEGER}`,
    ]);
  });

  it("keeps metrics off the API port", () => {
    expect(problemsOf({ ...minimal, PORT: "8080", METRICS_PORT: "8080" })).toEqual([
      "METRICS_PORT: got 8080, the same as PORT; expected another port, so the API port never serves metrics",
    ]);
  });

  it("requires an https issuer, except on loopback, and reads the clock tolerance", () => {
    const oidc = (issuer: string, extra: Record<string, string> = {}) => ({ ...minimal, OIDC_ISSUER: issuer, OIDC_AUDIENCE: "gw", ...extra });
    expect(problemsOf(oidc("http://keycloak.home.arpa/realms/home"))).toEqual([
      'OIDC_ISSUER: got "http://keycloak.home.arpa/realms/home", expected an https URL such as https://keycloak.example/realms/home (http only on a loopback address)',
    ]);
    expect(loadConfig(oidc("http://127.0.0.1:8081/realms/home")).oidc?.clockToleranceSeconds).toBe(60);
    expect(loadConfig(oidc("https://id.example/realms/home", { OIDC_CLOCK_TOLERANCE_SECONDS: "5" })).oidc).toEqual({
      issuer: "https://id.example/realms/home",
      audience: "gw",
      clockToleranceSeconds: 5,
    });
    expect(problemsOf({ ...minimal, OIDC_CLOCK_TOLERANCE_SECONDS: "-1" })).toEqual([
      'OIDC_CLOCK_TOLERANCE_SECONDS: got "-1", expected an integer from 0 to 3600',
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
