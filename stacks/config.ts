import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { CheckContext, CrossCheck } from "./config-checks";
import { strict } from "./config-fields";
import { ConfigError, configKey, describeIssues } from "./config-problems";
import { catalogKeys, catalogSecrets, catalogSwitches, LAYERS, type Features, type LayerCatalog, type LayersConfig } from "./layers/catalog";
import { thisMachine, type Host } from "./host";
import type { StackChoices } from "./layers/layer";
import { chosenLoadBalancer, ingressAddressOf, resolvePools } from "./load-balancer-config";
import {
  buildsCluster,
  CLUSTER_BUILDER_KEYS,
  METAL_STACK_CHECKS,
  metalStackConfig,
  type MetalKeys,
  type MetalStackConfig,
} from "./metal-config";
import { loadBalancerSituation, STACK_CHECKS } from "./stack-checks";
import { gpuSwitch, stackSettingsShape, type ParsedStackSettings, type StackSettings } from "./stack-settings";
import { TARGETS } from "./targets/catalog";
import { TARGET_NAMES, type TargetFacts } from "./targets/target-facts";

export { isDomain } from "./config-fields";
export type { Features } from "./layers/catalog";

/**
 * The stack configuration: one schema for every stack file, made of the stack-level keys
 * and every layer's keys from the catalog. Values come from plain `homelab:<key>` entries;
 * structured ones are YAML maps and lists in the stack file. Secrets never appear here in
 * clear: they are separate keys read as Pulumi secrets.
 */

/** Secret keys of the stack itself, with what each is for; layers declare their own. */
const STACK_SECRET_KEYS = {
  proxmoxApiToken: "the Proxmox API token, `user@realm!tokenid=uuid` (bare-metal)",
  proxmoxSshPrivateKey: "the private key for SSH to the Proxmox nodes (bare-metal; default: the SSH agent)",
  etcdS3SecretKey: "the secret key of the S3 copy of etcd snapshots (bare-metal, with cluster.etcdSnapshots.s3)",
} as const;

/** Stack-level keys only the stack that runs the platform reads; the layers' keys add to them. */
const PLATFORM_STACK_KEYS = ["kubernetes", "sizing", "features", "loadBalancer", "storage"];

/** Config keys whose values are secrets, with what each is for. */
export function secretKeysOf(catalog: LayerCatalog = LAYERS): Record<string, string> {
  return { ...STACK_SECRET_KEYS, ...catalogSecrets(catalog) };
}

type Secrets = Readonly<Record<string, pulumi.Output<string> | undefined>>;

/** The keys as parsed, each default applied that does not depend on another key. */
export type ParsedConfig = Omit<ParsedStackSettings, "features"> & { readonly features: Features } & LayersConfig;

/** The validated configuration the program runs with: every default applied. */
export type HomelabConfig = Omit<StackSettings, "features"> & { readonly features: Features } & LayersConfig & {
  readonly secrets: Secrets;
};

export type ParseResult =
  | { readonly ok: true; readonly config: Omit<HomelabConfig, "secrets"> }
  | { readonly ok: true; readonly metal: Omit<MetalStackConfig, "secrets"> }
  | { readonly ok: false; readonly problems: readonly string[] };

function featuresSchema(target: TargetFacts, catalog: LayerCatalog, stack: StackChoices) {
  const switches = catalogSwitches(catalog).map(({ name, definition }) => [name, z.boolean().default(definition.default(target, stack))]);
  return strict({ gpu: gpuSwitch(target), ...Object.fromEntries(switches) }).prefault({});
}

function schemaFor(target: TargetFacts, catalog: LayerCatalog, host: Host, raw: Readonly<Record<string, unknown>>) {
  const stack: StackChoices = { loadBalancer: chosenLoadBalancer(raw.loadBalancer, target.defaults, host.os) };
  return strict({ ...stackSettingsShape(target, featuresSchema(target, catalog, stack), host.os), ...catalogKeys(catalog) });
}

/**
 * Validates the stack's `homelab:` values (objects already parsed from JSON). Returns every
 * problem at once, each starting with its config key, so one `pulumi up` shows them all.
 * `host` is the machine the program runs on, whose OS and kubeconfig some defaults follow.
 */
export function parseConfig(
  raw: Readonly<Record<string, unknown>>,
  secretKeys: readonly string[] = [],
  catalog: LayerCatalog = LAYERS,
  host: Host = thisMachine(),
): ParseResult {
  const named = z.enum(TARGET_NAMES).safeParse(raw.target);
  const target = TARGETS[named.success ? named.data : "minikube"];
  const secretKeyNames = Object.keys(secretKeysOf(catalog));
  const { sections, failed, problems } = parseSections(schemaFor(target, catalog, host, raw), withoutKeys(raw, secretKeyNames));
  const metal = buildsCluster(raw);
  problems.push(...secretProblems(raw, secretKeys, secretKeyNames), ...misplacedKeyProblems(raw, metal, platformKeys(catalog)));
  const context: CheckContext = { target, secretKeys, given: new Set(Object.keys(raw)), host };
  const checks = metal ? METAL_STACK_CHECKS : platformChecks(catalog);
  for (const check of checks as readonly CrossCheck<Record<string, unknown>>[]) {
    if (check.needs.some((key) => failed.has(key))) continue;
    problems.push(...check.run(sections, context));
  }
  if (problems.length > 0) return { ok: false, problems };
  if (metal) return { ok: true, metal: metalStackConfig(sections as unknown as MetalKeys & { domain: string }) };
  return { ok: true, config: withDerivedDefaults(sections as unknown as ParsedConfig, { target, host }) };
}

/** Every check of a stack that runs the platform: the stack-level ones, then each layer's. */
function platformChecks(catalog: LayerCatalog): readonly CrossCheck<never>[] {
  return [
    ...STACK_CHECKS,
    { needs: ["features"], run: (c: ParsedConfig) => plannedLayerProblems(c.features, catalog) },
    { needs: ["features"], run: (c: ParsedConfig, { given }) => switchedOffProblems(c.features, given, catalog) },
    ...catalog.flatMap((layer) => layer.checks ?? []),
  ] as readonly CrossCheck<never>[];
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

function withoutKeys(raw: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !keys.includes(key)));
}

/** A secret key given in clear text would end up in the stack file unencrypted. */
function secretProblems(raw: Readonly<Record<string, unknown>>, secretKeys: readonly string[], names: readonly string[]): string[] {
  return names
    .filter((key) => key in raw && !secretKeys.includes(key))
    .map(
      (key) =>
        `${configKey([key])}: is a secret but is stored in clear text; set it with \`pulumi config set --secret ${key} <value>\``,
    );
}

/** Keys only the stack that runs the platform reads: the stack-level ones and every layer's. */
function platformKeys(catalog: LayerCatalog): string[] {
  return [...PLATFORM_STACK_KEYS, ...Object.keys(catalogKeys(catalog)), ...Object.keys(catalogSecrets(catalog))];
}

/** A key in the wrong one of the two bare-metal stacks would be silently ignored there. */
function misplacedKeyProblems(raw: Readonly<Record<string, unknown>>, metal: boolean, platform: readonly string[]): string[] {
  if (raw.target !== "bare-metal") return [];
  if (metal) {
    return platform
      .filter((key) => key in raw)
      .map(
        (key) =>
          `${configKey([key])}: this stack builds the cluster (homelab:cluster is a layout) and runs nothing in it; ` +
          "set this key in the stack that runs the platform on it",
      );
  }
  return CLUSTER_BUILDER_KEYS.filter((key) => key in raw).map(
    (key) => `${configKey([key])}: only the stack that builds the cluster reads this; set it there`,
  );
}

/** A planned layer's switch may only be off. */
function plannedLayerProblems(features: Readonly<Record<string, boolean>>, catalog: LayerCatalog): string[] {
  return catalogSwitches(catalog)
    .filter(({ name, layer }) => !layer.build && features[name])
    .map(({ name, definition }) => `${configKey(["features", name])}: ${definition.summary} is not part of homelab yet; leave it off`);
}

/** Settings of a feature that is off would be silently ignored. */
function switchedOffProblems(features: Readonly<Record<string, boolean>>, given: ReadonlySet<string>, catalog: LayerCatalog): string[] {
  return catalogSwitches(catalog)
    .filter(({ name }) => !features[name])
    .flatMap(({ name, definition }) =>
      definition.keys
        .filter((key) => given.has(key))
        .map((key) => `${configKey([key])}: set, but features.${name} is off; turn the feature on or remove the key`),
    );
}

function withDerivedDefaults(config: ParsedConfig, context: Pick<CheckContext, "target" | "host">): Omit<HomelabConfig, "secrets"> {
  const situation = loadBalancerSituation(config, context);
  // The checks passed: the pools resolve and the ingress has an address.
  const pools = resolvePools(config.loadBalancer, situation) as ParsedConfig["loadBalancer"]["pools"];
  return {
    ...config,
    kubernetes: { ...config.kubernetes, context: config.kubernetes.context ?? context.target.defaults.kubeContext },
    loadBalancer: { ...config.loadBalancer, pools, ingressAddress: ingressAddressOf(config.loadBalancer, situation, pools)! },
  };
}

/**
 * Validates config as Pulumi hands it to a program: fully-qualified keys, text values,
 * maps and lists as JSON. `isSecret` tells which keys are `secure:` in the stack file.
 */
export function validateStackConfig(
  all: Readonly<Record<string, string>>,
  isSecret: (fullKey: string) => boolean,
  catalog: LayerCatalog = LAYERS,
  host: Host = thisMachine(),
): ParseResult {
  const secretKeyNames = Object.keys(secretKeysOf(catalog));
  const raw: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  const problems: string[] = [];
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith("homelab:")) continue;
    const key = fullKey.slice("homelab:".length);
    // A structured key with a `secure:` part inside (hostedModels' apiKey) is a secret as a whole.
    if (isSecret(fullKey)) secretKeys.push(key);
    if (secretKeyNames.includes(key)) {
      raw[key] = "[secret]";
      continue;
    }
    try {
      raw[key] = /^\s*[[{]/.test(text) ? JSON.parse(text) : text;
    } catch {
      problems.push(`${fullKey}: is not a valid YAML map or list`);
    }
  }
  const result = parseConfig(raw, secretKeys, catalog, host);
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
export function loadConfig(catalog: LayerCatalog = LAYERS, host: Host = thisMachine()): HomelabConfig | MetalStackConfig {
  const result = validateStackConfig(pulumi.runtime.allConfig(), storedAsSecret, catalog, host);
  if (!result.ok) throw new ConfigError(result.problems);
  const stackConfig = new pulumi.Config("homelab");
  const secrets: Record<string, pulumi.Output<string>> = {};
  for (const key of Object.keys(secretKeysOf(catalog))) {
    const value = stackConfig.getSecret(key);
    if (value) secrets[key] = value;
  }
  return "metal" in result ? { ...result.metal, secrets } : { ...result.config, secrets };
}
