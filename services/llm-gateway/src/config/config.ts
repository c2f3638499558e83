import { parseApiKeys, type ApiKey } from "../auth/api-keys.ts";
import { parseApiKeyGroups } from "./api-key-groups.ts";
import { parseTokenQuotas, type QuotaConfig } from "./token-quotas.ts";
import type { LogLevel } from "../logging/logger.ts";
import { parseCidrs, type Cidr } from "../images/address-policy.ts";
import { ConfigError } from "./config-error.ts";
import { EnvReader } from "./env-reader.ts";
import { parseHostedModels, parseModelFallbacks, type HostedModel, type ModelFallback } from "./hosted-models.ts";
import { parseModelAliases, type ModelAlias } from "./model-aliases.ts";
import { parseModelOptions, type ModelOptions } from "./model-options.ts";

export interface OidcConfig {
  readonly issuer: string;
  readonly audience: string;
  /** Clock difference allowed when checking `exp`, `nbf` and `iat`. */
  readonly clockToleranceSeconds: number;
}

export interface Limits {
  readonly maxBodyBytes: number;
  /** Requests a user may make per minute, on average. */
  readonly ratePerMinute: number;
  /** Requests a user may make at once after being idle. */
  readonly rateBurst: number;
  /** Generations (streamed or not) one user may have running at once. */
  readonly maxStreamsPerUser: number;
  /** Requests sent to Ollama at once; match Ollama's OLLAMA_NUM_PARALLEL. */
  readonly upstreamParallelism: number;
  /** Upstream slots one user may hold at once; below the parallelism, so others always find one free. */
  readonly upstreamSlotsPerUser: number;
  /** Generations that may wait for a free upstream slot before new ones are turned away. */
  readonly queueMax: number;
  /** The most tokens one answer may generate: Ollama's `num_predict` ceiling. */
  readonly maxCompletionTokens: number;
  /** Conversations one user may keep. */
  readonly maxConversationsPerUser: number;
  /** Bytes of titles, system prompts and messages one user may keep. */
  readonly maxStoredBytesPerUser: number;
  /** Prompt and completion tokens one user may use per UTC day and month, for everybody and by user or group. */
  readonly quotas: QuotaConfig;
}

export interface Timeouts {
  /** How long a model may take to load into memory before the first token is due. */
  readonly loadMs: number;
  /** How long a loaded model may take to send its first token. */
  readonly firstTokenMs: number;
  /** The longest gap allowed between two tokens. */
  readonly idleMs: number;
  /** The longest a whole answer may take, queueing included. */
  readonly requestMs: number;
  /** Interval of SSE comments that keep idle proxies from closing a waiting stream. */
  readonly keepAliveMs: number;
  /** How long running streams may go on after SIGTERM. */
  readonly shutdownGraceMs: number;
}

export interface ImageConfig {
  /** Time all images of one request may take to fetch. */
  readonly fetchTimeoutMs: number;
  /** Address ranges image URLs may lead to although they are not public, e.g. a LAN file server. */
  readonly allowedRanges: readonly Cidr[];
}

export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  /** Port of the separate listener that serves `/metrics`; the API port does not. */
  readonly metricsPort: number;
  readonly ollamaHost: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly apiKeys: readonly ApiKey[];
  /** API-key user → the groups its requests (and the people behind a forwarding key) are in. */
  readonly apiKeyGroups: ReadonlyMap<string, readonly string[]>;
  /** API-key users (names from API_KEYS) whose requests may name the person behind them, as Open WebUI does. */
  readonly forwardedIdentityUsers: readonly string[];
  /** USAGE_ADMIN_GROUPS: members of these groups may read everybody's usage. */
  readonly usageAdminGroups: readonly string[];
  readonly oidc: OidcConfig | undefined;
  readonly modelAliases: readonly ModelAlias[];
  readonly modelOptions: readonly ModelOptions[];
  readonly hostedModels: readonly HostedModel[];
  readonly modelFallbacks: readonly ModelFallback[];
  /** Context budget for models without a configured numCtx: Ollama's own default. */
  readonly defaultNumCtx: number;
  readonly limits: Limits;
  readonly timeouts: Timeouts;
  readonly images: ImageConfig;
  readonly hideReasoning: boolean;
  readonly logLevel: LogLevel;
  readonly logPrompts: boolean;
}

const MINUTE = 60_000;

/** Builds the configuration from environment variables; the README lists each with its default. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): GatewayConfig {
  const read = new EnvReader(env);
  const config: GatewayConfig = {
    host: read.string("HOST", "0.0.0.0"),
    port: read.integer("PORT", 8080, { min: 0, max: 65_535 }),
    metricsPort: read.integer("METRICS_PORT", 9464, { min: 0, max: 65_535 }),
    ollamaHost: read.string("OLLAMA_HOST", "http://127.0.0.1:11434"),
    databaseUrl: read.optional("DATABASE_URL"),
    dataDir: read.string("DATA_DIR", "./data"),
    apiKeys: read.parsed(() => parseApiKeys(env.API_KEYS), []),
    apiKeyGroups: new Map(),
    forwardedIdentityUsers: read.list("FORWARDED_IDENTITY_USERS"),
    // "admins" is the realm group the platform's Keycloak makes; API keys join it through API_KEY_GROUPS.
    // Set and empty, it means nobody: a gateway without Keycloak may want no usage admins at all.
    usageAdminGroups: read.has("USAGE_ADMIN_GROUPS") ? read.list("USAGE_ADMIN_GROUPS") : ["admins"],
    oidc: readOidc(read),
    modelAliases: read.parsed(() => parseModelAliases(env.MODEL_ALIASES), []),
    modelOptions: read.parsed(() => parseModelOptions(env.MODEL_OPTIONS), []),
    hostedModels: read.parsed(() => parseHostedModels(env.HOSTED_MODELS, env), []),
    modelFallbacks: [],
    defaultNumCtx: read.integer("DEFAULT_NUM_CTX", 4096, { min: 256, max: 1_048_576 }),
    limits: readLimits(read),
    timeouts: {
      loadMs: read.integer("LOAD_TIMEOUT_MS", 5 * MINUTE, { min: 1, max: 60 * MINUTE }),
      firstTokenMs: read.integer("FIRST_TOKEN_TIMEOUT_MS", MINUTE, { min: 1, max: 60 * MINUTE }),
      idleMs: read.integer("IDLE_TIMEOUT_MS", 30_000, { min: 1, max: 60 * MINUTE }),
      requestMs: read.integer("REQUEST_TIMEOUT_MS", 10 * MINUTE, { min: 1, max: 24 * 60 * MINUTE }),
      keepAliveMs: read.integer("KEEPALIVE_INTERVAL_MS", 10_000, { min: 1, max: 10 * MINUTE }),
      shutdownGraceMs: read.integer("SHUTDOWN_GRACE_MS", 25_000, { min: 0, max: 60 * MINUTE }),
    },
    images: {
      fetchTimeoutMs: read.integer("IMAGE_FETCH_TIMEOUT_MS", 10_000, { min: 1, max: 10 * MINUTE }),
      allowedRanges: read.parsed(() => parseCidrs(env.IMAGE_URL_ALLOW_CIDRS, "IMAGE_URL_ALLOW_CIDRS"), []),
    },
    hideReasoning: read.boolean("HIDE_REASONING", false),
    logLevel: read.oneOf("LOG_LEVEL", ["info", "warn", "error"], "info"),
    logPrompts: read.boolean("LOG_PROMPTS", false),
  };
  if (config.apiKeys.length === 0 && !config.oidc) {
    read.problems.push("no way to authenticate: set API_KEYS (user:key,...) and/or OIDC_ISSUER with OIDC_AUDIENCE");
  }
  checkModelOptionsNameServedModels(config, read.problems);
  for (const name of config.forwardedIdentityUsers) {
    if (!config.apiKeys.some(({ user }) => user === name)) {
      read.problems.push(`FORWARDED_IDENTITY_USERS: "${name}" is not a user in API_KEYS; only an API key's user can be trusted to name people`);
    }
  }
  const keyUsers = new Set(config.apiKeys.map(({ user }) => user));
  const apiKeyGroups = read.parsed(() => parseApiKeyGroups(env.API_KEY_GROUPS, keyUsers), new Map<string, string[]>());
  const served = new Set([...config.modelAliases.map(({ alias }) => alias), ...config.hostedModels.map(({ name }) => name)]);
  for (const { name } of config.hostedModels) {
    if (config.modelAliases.some(({ alias }) => alias === name)) read.problems.push(`HOSTED_MODELS: "${name}" is also an alias in MODEL_ALIASES`);
  }
  const withFallbacks = { ...config, apiKeyGroups, modelFallbacks: read.parsed(() => parseModelFallbacks(env.MODEL_FALLBACKS, served), []) };
  if (config.metricsPort !== 0 && config.metricsPort === config.port) {
    read.problems.push(`METRICS_PORT: got ${config.metricsPort}, the same as PORT; expected another port, so the API port never serves metrics`);
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return withFallbacks;
}

function readLimits(read: EnvReader): Limits {
  const upstreamParallelism = read.integer("UPSTREAM_PARALLELISM", 4, { min: 1, max: 100_000 });
  return {
    maxBodyBytes: read.integer("MAX_BODY_BYTES", 1024 * 1024, { min: 1024, max: 256 * 1024 * 1024 }),
    ratePerMinute: read.integer("RATE_LIMIT_PER_MINUTE", 60, { min: 1, max: 10_000_000 }),
    rateBurst: read.integer("RATE_LIMIT_BURST", 20, { min: 1, max: 10_000_000 }),
    maxStreamsPerUser: read.integer("MAX_STREAMS_PER_USER", 4, { min: 1, max: 100_000 }),
    upstreamParallelism,
    // One slot stays free for everybody else; with a single slot there is nothing to keep back.
    upstreamSlotsPerUser: read.integer("MAX_UPSTREAM_SLOTS_PER_USER", Math.max(1, upstreamParallelism - 1), {
      min: 1,
      max: upstreamParallelism,
      maxName: "UPSTREAM_PARALLELISM",
    }),
    queueMax: read.integer("QUEUE_MAX", 64, { min: 0, max: 1_000_000 }),
    maxCompletionTokens: read.integer("MAX_COMPLETION_TOKENS", 8192, { min: 1, max: 1_048_576 }),
    maxConversationsPerUser: read.integer("MAX_CONVERSATIONS_PER_USER", 1000, { min: 1, max: 10_000_000 }),
    maxStoredBytesPerUser: read.integer("MAX_STORED_BYTES_PER_USER", 64 * 1024 * 1024, { min: 1024, max: Number.MAX_SAFE_INTEGER }),
    // 0, the default, means no quota.
    quotas: {
      daily: read.integer("DAILY_TOKEN_QUOTA", 0, { min: 0, max: Number.MAX_SAFE_INTEGER }),
      monthly: read.integer("MONTHLY_TOKEN_QUOTA", 0, { min: 0, max: Number.MAX_SAFE_INTEGER }),
      rules: read.parsed(() => parseTokenQuotas(read.optional("TOKEN_QUOTAS")), []),
    },
  };
}

function readOidc(read: EnvReader): OidcConfig | undefined {
  const issuer = read.optional("OIDC_ISSUER");
  const audience = read.optional("OIDC_AUDIENCE");
  // Read even without an issuer, so a bad value is reported whether or not OIDC is on yet.
  const clockToleranceSeconds = read.integer("OIDC_CLOCK_TOLERANCE_SECONDS", 60, { min: 0, max: 3600 });
  if (!issuer && !audience) return undefined;
  if (!issuer || !audience) {
    read.problems.push("OIDC_ISSUER and OIDC_AUDIENCE: set both or neither");
    return undefined;
  }
  if (!URL.canParse(issuer) || !isTrustedTransport(new URL(issuer))) {
    read.problems.push(
      `OIDC_ISSUER: got "${issuer}", expected an https URL such as https://keycloak.example/realms/home (http only on a loopback address)`,
    );
    return undefined;
  }
  return { issuer, audience, clockToleranceSeconds };
}

/** Keys and tokens cross the network only over TLS; loopback is for tests and local development. */
function isTrustedTransport(url: URL): boolean {
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

function checkModelOptionsNameServedModels(config: GatewayConfig, problems: string[]): void {
  const served = new Set(config.modelAliases.flatMap(({ alias, upstream }) => [alias, upstream]));
  for (const { name } of config.modelOptions) {
    if (!served.has(name)) {
      problems.push(`MODEL_OPTIONS: "${name}" is not a served model; MODEL_ALIASES serves ${[...served].join(", ") || "none"}`);
    }
  }
}
