import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  formatIpv4,
  parseIpv4,
  parseIpv4Range,
  rangeContains,
  rangesOverlap,
  type Ipv4Range,
} from "../components/lib/ipv4";
import { ipv4, ipv4Range, isDomain, name, strict } from "./config-fields";
import { ollamaModelKey } from "../components/lib/ollama-model";
import { ConfigError, configKey, describeIssues, show } from "./config-problems";
import { llmProblems, llmSchema } from "./llm-config";
import { ingressSchema, objectStorageSchema, systemProblems, tlsSchema } from "./system-config";
import {
  buildsCluster,
  clusterSchema,
  METAL_STACK_CHECKS,
  metalStackConfig,
  misplacedKeyProblems,
  proxmoxSchema,
  type MetalStackConfig,
} from "./metal-config";
import { TARGETS } from "./targets/catalog";
import { TARGET_NAMES, type TargetDefaults, type TargetName } from "./targets/target";

export { isDomain };

/**
 * The stack configuration: one schema for every stack file. Values come from plain
 * `homelab:<key>` entries; structured ones are YAML maps and lists in the stack file.
 * Secrets never appear here in clear: they are separate keys read as Pulumi secrets.
 */

/** Layers that are planned but not built: their switches exist and must stay off. */
const UNBUILT_FEATURES = {
  data: "the data layer (Kafka, databases, buckets, KEDA)",
  sso: "Keycloak single sign-on",
  observability: "the observability layer (metrics, logs, dashboards, alerts)",
  secrets: "Vault",
} as const;

/** Config keys whose values are secrets, with what each is for. */
export const SECRET_KEYS = {
  proxmoxApiToken: "the Proxmox API token, `user@realm!tokenid=uuid` (bare-metal)",
  proxmoxSshPrivateKey: "the private key for SSH to the Proxmox nodes (bare-metal; default: the SSH agent)",
  acmeDnsApiToken: "the DNS provider's API token for ACME DNS-01 challenges",
} as const;
export type SecretKey = keyof typeof SECRET_KEYS;

const pool = strict({
  /** Names the MetalLB IPAddressPool. */
  name,
  addresses: z.array(ipv4Range).min(1),
});

const model = strict({
  /** An Ollama model reference (`qwen3:8b`), or the name of a custom model. */
  name: z.string().regex(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?$/, {
    error: (issue) => `expected an Ollama model name such as qwen3:8b; got ${show(issue.input)}`,
  }),
  /** A short name the gateway also serves the model under (`fast`, `smart`). @default none */
  alias: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: (i) => `expected a short lower-case alias such as fast; got ${show(i.input)}` })
    .optional(),
  /** Context window in tokens; Ollama's own default is small and silently truncates. */
  numCtx: z.number().int().min(512).optional(),
  /** How long the model stays loaded after a request (`5m`, `1h`, `-1` for ever). */
  keepAlive: z
    .string()
    .regex(/^(-1|\d+(ms|s|m|h))$/, { error: (i) => `expected a duration such as 5m, 1h or -1; got ${show(i.input)}` })
    .optional(),
  /** Base model of a custom model; a custom model is made from it with the prompt below. */
  from: z.string().optional(),
  /** System prompt of a custom model. */
  system: z.string().optional(),
  /** Modelfile parameters of a custom model (`temperature`, `stop`, …). */
  parameters: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])).optional(),
});

/** Switches for what the platform installs; defaults depend on the target. */
export interface Features {
  /** Give workloads an NVIDIA GPU (needs a target with a GPU path). */
  readonly gpu: boolean;
  /** Ollama, Open WebUI and the LLM gateway. */
  readonly llm: boolean;
  /** An S3 server with buckets for backups, models and CI caches. */
  readonly objectStorage: boolean;
  readonly data: boolean;
  readonly sso: boolean;
  readonly observability: boolean;
  readonly secrets: boolean;
}

function schemaFor(defaults: TargetDefaults) {
  const features: Features = defaults.features;
  return strict({
    target: z.enum(TARGET_NAMES),
    domain: z.string().refine(isDomain, {
      error: (issue) =>
        `expected a DNS domain of at least two lower-case labels (letters, digits, '-'), e.g. home.arpa; got ${show(issue.input)}`,
    }),
    kubernetes: strict({
      /** kubeconfig context of an existing cluster. */
      context: z.string().min(1).optional(),
      /** kubeconfig file; default: $KUBECONFIG or ~/.kube/config. */
      kubeconfig: z.string().min(1).optional(),
    }).prefault({}),
    sizing: z.enum(["lean", "full"]).default(defaults.sizing),
    features: strict({
      gpu: z.boolean().default(features.gpu),
      llm: z.boolean().default(features.llm),
      objectStorage: z.boolean().default(features.objectStorage),
      data: z.boolean().default(features.data),
      sso: z.boolean().default(features.sso),
      observability: z.boolean().default(features.observability),
      secrets: z.boolean().default(features.secrets),
    }).prefault({}),
    loadBalancer: strict({
      kind: z.enum(["metallb", "builtin"]).default(defaults.loadBalancer),
      pools: z.array(pool).default([]),
      /** The address the ingress (Traefik) answers on; default: the first pool address. */
      ingressAddress: ipv4.optional(),
    }).prefault({}),
    /** bare-metal: the layout of the cluster this stack builds, or `{ stack }` of the stack that builds it. */
    cluster: clusterSchema.optional(),
    proxmox: proxmoxSchema.optional(),
    storage: strict({
      /** bare-metal: replicated block storage (linstor) or node-local disks (local-path). */
      rwo: z.enum(["linstor", "local-path"]).optional(),
      /** An existing NFS export for ReadWriteMany volumes (bare-metal). */
      nfs: strict({ server: z.string().min(1), path: z.string().startsWith("/") }).optional(),
    }).prefault({}),
    /** Ollama models to pull or create; default: one small model that fits the target. */
    models: z.array(model).optional(),
    ingress: ingressSchema,
    tls: tlsSchema,
    objectStorage: objectStorageSchema,
    llm: llmSchema,
  });
}

export type ParsedConfig = z.output<ReturnType<typeof schemaFor>>;
export type ModelSpec = z.output<typeof model>;
export type AddressPool = z.output<typeof pool>;

/** The validated configuration the program runs with: every default applied. */
export interface HomelabConfig extends Omit<ParsedConfig, "loadBalancer" | "models" | "kubernetes"> {
  readonly kubernetes: { readonly context?: string; readonly kubeconfig?: string };
  readonly loadBalancer: ParsedConfig["loadBalancer"] & { readonly ingressAddress: string };
  readonly models: readonly ModelSpec[];
  readonly secrets: Readonly<Partial<Record<SecretKey, pulumi.Output<string>>>>;
}

export type ParseResult =
  | { readonly ok: true; readonly config: Omit<HomelabConfig, "secrets"> }
  | { readonly ok: true; readonly metal: Omit<MetalStackConfig, "secrets"> }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Validates the stack's `homelab:` values (objects already parsed from JSON). Returns every
 * problem at once, each starting with its config key, so one `pulumi up` shows them all.
 */
export function parseConfig(raw: Readonly<Record<string, unknown>>, secretKeys: readonly string[] = []): ParseResult {
  const target = z.enum(TARGET_NAMES).safeParse(raw.target);
  const definition = TARGETS[target.success ? target.data : "minikube"];
  const schema = schemaFor(definition.defaults);
  const { sections, failed, problems } = parseSections(schema, withoutSecrets(raw));
  problems.push(...secretProblems(raw, secretKeys), ...misplacedKeyProblems(raw));
  const metal = buildsCluster(raw);
  const context: CheckContext = { defaults: definition.defaults, secretKeys, given: new Set(Object.keys(raw)) };
  for (const check of metal ? METAL_STACK_CHECKS : CROSS_CHECKS) {
    if (check.needs.some((key) => failed.has(key))) continue;
    problems.push(...check.run(sections as ParsedConfig, context));
  }
  if (problems.length > 0) return { ok: false, problems };
  if (metal) return { ok: true, metal: metalStackConfig(sections as ParsedConfig) };
  return { ok: true, config: withDerivedDefaults(sections as ParsedConfig, definition.defaults) };
}

/**
 * Each top-level key on its own, so a mistake in one does not hide the checks of the
 * others: one run reports every problem.
 */
function parseSections(schema: ReturnType<typeof schemaFor>, raw: Readonly<Record<string, unknown>>) {
  const shape: Record<string, z.ZodType> = schema.shape;
  const known = Object.keys(shape);
  const problems = Object.keys(raw)
    .filter((key) => !known.includes(key))
    .map((key) => `${configKey([key])}: unknown key; known keys here: ${known.join(", ")}`);
  const sections: Record<string, unknown> = {};
  const failed = new Set<string>();
  for (const [key, field] of Object.entries(shape)) {
    const result = field.safeParse(raw[key], { reportInput: true });
    if (result.success) {
      sections[key] = result.data;
    } else {
      failed.add(key);
      problems.push(...describeIssues(result.error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] }))));
    }
  }
  return { sections, failed, problems };
}

function withoutSecrets(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !(key in SECRET_KEYS)));
}

/** A secret key given in clear text would end up in the stack file unencrypted. */
function secretProblems(raw: Readonly<Record<string, unknown>>, secretKeys: readonly string[]): string[] {
  return Object.keys(SECRET_KEYS)
    .filter((key) => key in raw && !secretKeys.includes(key))
    .map(
      (key) =>
        `${configKey([key])}: is a secret but is stored in clear text; set it with \`pulumi config set --secret ${key} <value>\``,
    );
}

export interface CheckContext {
  readonly defaults: TargetDefaults;
  /** Secret keys the stack file holds (`secure:`). */
  readonly secretKeys: readonly string[];
  /** Top-level keys the stack file sets, before defaults. */
  readonly given: ReadonlySet<string>;
}

export interface CrossCheck {
  /** Keys the check reads; it is skipped when one of them is itself invalid. */
  readonly needs: readonly (keyof ParsedConfig)[];
  run(config: ParsedConfig, context: CheckContext): string[];
}

/** Checks that span keys: run after each key on its own is valid. */
const CROSS_CHECKS: readonly CrossCheck[] = [
  { needs: ["target", "proxmox", "cluster", "kubernetes", "storage"], run: (c) => targetScopeProblems(c, c.target) },
  { needs: ["target", "features"], run: (c) => featureProblems(c, c.target) },
  { needs: ["target", "loadBalancer"], run: (c, { defaults }) => loadBalancerProblems(c, defaults) },
  { needs: ["models"], run: (c) => modelProblems(c.models ?? []) },
  { needs: ["domain", "ingress", "tls", "objectStorage"], run: (c, { secretKeys }) => systemProblems(c, secretKeys) },
  { needs: ["features"], run: (c, { given }) => switchedOffProblems(c, given) },
  { needs: ["llm"], run: (c) => llmProblems(c.llm) },
];

/** Settings of a feature that is off would be silently ignored. */
function switchedOffProblems(config: ParsedConfig, given: ReadonlySet<string>): string[] {
  return (["objectStorage", "llm"] as const)
    .filter((feature) => given.has(feature) && !config.features[feature])
    .map((feature) => `${configKey([feature])}: set, but features.${feature} is off; turn the feature on or remove the key`);
}

/** Keys that only one kind of target reads: set elsewhere they would be silently ignored. */
function targetScopeProblems(config: ParsedConfig, target: TargetName): string[] {
  const problems: string[] = [];
  if (target === "bare-metal") {
    if (!config.cluster) {
      problems.push(
        `${configKey(["cluster"])}: required for target bare-metal: { stack: <name> } of the stack that builds the cluster, ` +
          "or the layout of the cluster this stack builds (servers, apiVip, network, …)",
      );
    }
    if (config.kubernetes.context || config.kubernetes.kubeconfig) {
      problems.push(`${configKey(["kubernetes"])}: bare-metal builds its own cluster and kubeconfig; remove this key`);
    }
  } else {
    for (const key of ["cluster", "proxmox"] as const) {
      if (config[key]) problems.push(`${configKey([key])}: only used by target bare-metal; remove it for target ${target}`);
    }
    for (const key of ["rwo", "nfs"] as const) {
      if (config.storage[key]) {
        problems.push(`${configKey(["storage", key])}: only used by target bare-metal; ${target} uses its built-in storage`);
      }
    }
  }
  return problems;
}

function featureProblems(config: ParsedConfig, target: TargetName): string[] {
  const problems: string[] = [];
  if (config.features.gpu && !TARGETS[target].gpuPath) {
    const withGpu = Object.values(TARGETS)
      .filter((t) => t.gpuPath)
      .map((t) => `${t.name} (${t.gpuPath})`)
      .join(" and ");
    problems.push(`${configKey(["features", "gpu"])}: target ${target} has no GPU path; GPUs are supported on ${withGpu}`);
  }
  for (const [feature, what] of Object.entries(UNBUILT_FEATURES)) {
    if (config.features[feature as keyof typeof UNBUILT_FEATURES]) {
      problems.push(`${configKey(["features", feature])}: ${what} is not part of homelab yet; leave it off`);
    }
  }
  return problems;
}

interface LabelledRange {
  readonly key: string;
  readonly text: string;
  readonly range: Ipv4Range;
}

function poolRanges(pools: readonly AddressPool[]): LabelledRange[] {
  return pools.flatMap((pool, p) =>
    pool.addresses.map((text, a) => ({
      key: configKey(["loadBalancer", "pools", p, "addresses", a]),
      text,
      range: parseIpv4Range(text)!,
    })),
  );
}

function loadBalancerProblems(config: ParsedConfig, defaults: TargetDefaults): string[] {
  const { kind, pools } = config.loadBalancer;
  const ingressAddress = config.loadBalancer.ingressAddress ?? (kind === "builtin" ? defaults.ingressAddress : undefined);
  const problems: string[] = [];
  const ranges = poolRanges(pools);
  ranges.forEach((a, i) => {
    const clash = ranges.slice(0, i).find((b) => rangesOverlap(a.range, b.range));
    if (clash) problems.push(`${a.key}: ${a.text} overlaps ${clash.key} (${clash.text})`);
  });
  const names = pools.map((p) => p.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) problems.push(`${configKey(["loadBalancer", "pools", i, "name"])}: "${n}" is used twice`);
  });
  if (kind === "metallb" && pools.length === 0) {
    problems.push(`${configKey(["loadBalancer", "pools"])}: MetalLB needs at least one address pool (e.g. 192.168.49.200-192.168.49.250)`);
  }
  if (kind === "builtin" && pools.length > 0) {
    problems.push(`${configKey(["loadBalancer", "pools"])}: pools are only used with loadBalancer.kind metallb`);
  }
  if (kind === "metallb" && ingressAddress && !ranges.some((r) => rangeContains(r.range, parseIpv4(ingressAddress)!))) {
    problems.push(`${configKey(["loadBalancer", "ingressAddress"])}: ${ingressAddress} is in no load-balancer pool`);
  }
  if (kind === "builtin" && !ingressAddress) {
    problems.push(`${configKey(["loadBalancer", "ingressAddress"])}: required with the built-in load balancer (the node address people reach)`);
  }
  return problems;
}

function modelProblems(models: readonly ModelSpec[]): string[] {
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  models.forEach((m, i) => {
    const first = firstIndex.get(ollamaModelKey(m.name));
    if (first === undefined) firstIndex.set(ollamaModelKey(m.name), i);
    else problems.push(`${configKey(["models", i, "name"])}: "${m.name}" is declared twice (first as models[${first}]); Ollama treats both names as one model`);
  });
  models.forEach((m, i) => {
    if (m.alias && models.some((o, j) => o.name === m.alias || (j < i && o.alias === m.alias))) {
      problems.push(`${configKey(["models", i, "alias"])}: "${m.alias}" already names another model`);
    }
    if (!m.from) {
      if (m.system !== undefined || m.parameters !== undefined) {
        problems.push(`${configKey(["models", i, "from"])}: a model with a system prompt or parameters is a custom model and needs \`from\` (its base model)`);
      }
      return;
    }
    const base = firstIndex.get(ollamaModelKey(m.from));
    if (base === i) problems.push(`${configKey(["models", i, "from"])}: "${m.from}" is the model itself; name the model it is made from`);
    else if (base !== undefined && base > i && models[base]!.from) {
      problems.push(`${configKey(["models", i, "from"])}: "${m.from}" is a custom model declared later (models[${base}]); declare a base before the models made from it`);
    }
  });
  return problems;
}

/** Models that run well enough on each path: a tiny thinking model on CPU, a capable one on a GPU. */
const DEFAULT_MODELS = {
  cpu: [{ name: "qwen3:0.6b", numCtx: 8192 }],
  gpu: [{ name: "qwen3:8b", numCtx: 16384 }],
} as const;

function withDerivedDefaults(config: ParsedConfig, defaults: TargetDefaults): Omit<HomelabConfig, "secrets"> {
  const { kind, pools, ingressAddress } = config.loadBalancer;
  // Checked above: metallb has a pool, builtin has an address.
  const defaultAddress = kind === "builtin" ? defaults.ingressAddress! : formatIpv4(parseIpv4Range(pools[0]!.addresses[0]!)!.first);
  return {
    ...config,
    kubernetes: { ...config.kubernetes, context: config.kubernetes.context ?? defaults.kubeContext },
    loadBalancer: { ...config.loadBalancer, ingressAddress: ingressAddress ?? defaultAddress },
    models: config.models ?? DEFAULT_MODELS[config.features.gpu ? "gpu" : "cpu"],
  };
}

/**
 * Validates config as Pulumi hands it to a program: fully-qualified keys, text values,
 * maps and lists as JSON. `isSecret` tells which keys are `secure:` in the stack file.
 */
export function validateStackConfig(
  all: Readonly<Record<string, string>>,
  isSecret: (fullKey: string) => boolean,
): ParseResult {
  const raw: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  const problems: string[] = [];
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith("homelab:")) continue;
    const key = fullKey.slice("homelab:".length);
    if (key in SECRET_KEYS) {
      raw[key] = "[secret]";
      if (isSecret(fullKey)) secretKeys.push(key);
      continue;
    }
    try {
      raw[key] = /^\s*[[{]/.test(text) ? JSON.parse(text) : text;
    } catch {
      problems.push(`${fullKey}: is not a valid YAML map or list`);
    }
  }
  const result = parseConfig(raw, secretKeys);
  if (problems.length === 0) return result;
  return { ok: false, problems: [...problems, ...(result.ok ? [] : result.problems)] };
}

/**
 * Whether Pulumi holds this key as a secret (`secure:` in the stack file). The SDK marks
 * the helper internal; without it the clear-text check is skipped, never guessed.
 */
function storedAsSecret(fullKey: string): boolean {
  const runtime = pulumi.runtime as { isConfigSecret?: (key: string) => boolean };
  return runtime.isConfigSecret?.(fullKey) ?? true;
}

/**
 * Reads the running stack's configuration and validates it. Throws a ConfigError that
 * lists every problem before any resource exists.
 */
export function loadConfig(): HomelabConfig | MetalStackConfig {
  const result = validateStackConfig(pulumi.runtime.allConfig(), storedAsSecret);
  if (!result.ok) throw new ConfigError(result.problems);
  const stackConfig = new pulumi.Config("homelab");
  const secrets: Partial<Record<SecretKey, pulumi.Output<string>>> = {};
  for (const key of Object.keys(SECRET_KEYS) as SecretKey[]) {
    const value = stackConfig.getSecret(key);
    if (value) secrets[key] = value;
  }
  return "metal" in result ? { ...result.metal, secrets } : { ...result.config, secrets };
}
