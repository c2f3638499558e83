/** The pod's environment, as the Job sets it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where Kubernetes mounts a pod's service-account token, CA bundle and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Long enough for a webhook pod that is Ready but still loading its certificate; short of Pulumi's 10-minute Job await. */
export const DEFAULT_DEADLINE_SECONDS = 300;

/** The sample object: only what the API path and the messages need is read; the rest is sent as given. */
export interface ProbeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

export interface GateConfig {
  /** The webhook's name as its configuration spells it, e.g. `webhook.cert-manager.io`: named in every message. */
  readonly webhook: string;
  readonly object: ProbeObject;
  /** The API path the dry-run create goes to. */
  readonly path: string;
  readonly deadlineSeconds: number;
  readonly api: { readonly host: string; readonly port: number; readonly serviceAccountDir: string };
  readonly terminationLog: string | undefined;
}

/** The environment the Job was given is unusable; every problem is listed, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `webhook-gate configuration: ${problems[0]}`
        : `webhook-gate configuration has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/**
 * Reads WEBHOOK, PROBE_OBJECT (the sample, JSON), PROBE_RESOURCE (its plural, as in the
 * API path), DEADLINE_SECONDS and the in-cluster API address Kubernetes gives every pod.
 */
export function readGateConfig(env: Env): GateConfig {
  const problems: string[] = [];
  const webhook = required(env, "WEBHOOK", problems);
  const resource = required(env, "PROBE_RESOURCE", problems);
  const object = probeObject(env.PROBE_OBJECT, problems);
  const deadlineSeconds = positiveInteger(env, "DEADLINE_SECONDS", DEFAULT_DEADLINE_SECONDS, problems);
  const host = required(env, "KUBERNETES_SERVICE_HOST", problems);
  const port = positiveInteger(env, "KUBERNETES_SERVICE_PORT", 443, problems);
  if (resource && !/^[a-z0-9]+$/.test(resource)) problems.push(`PROBE_RESOURCE: expected a lower-case plural such as clusterissuers; got ${JSON.stringify(resource)}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    webhook,
    object: object!,
    path: createPath(object!, resource),
    deadlineSeconds,
    api: { host, port, serviceAccountDir: env.SERVICE_ACCOUNT_DIR || SERVICE_ACCOUNT_DIR },
    terminationLog: env.TERMINATION_LOG,
  };
}

/** `/apis/<group>/<version>[/namespaces/<ns>]/<plural>` (`/api/v1` for the core group), as a dry run. */
export function createPath(object: ProbeObject, resource: string): string {
  const base = object.apiVersion.includes("/") ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  const scope = object.metadata.namespace ? `/namespaces/${encodeURIComponent(object.metadata.namespace)}` : "";
  return `${base}${scope}/${resource}?dryRun=All&fieldManager=webhook-gate`;
}

function required(env: Env, name: string, problems: string[]): string {
  const value = env[name]?.trim();
  if (!value) problems.push(`${name}: required`);
  return value ?? "";
}

function positiveInteger(env: Env, name: string, fallback: number, problems: string[]): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^[1-9][0-9]*$/.test(text)) problems.push(`${name}: expected a whole number of 1 or more; got ${JSON.stringify(text)}`);
  return Number(text);
}

function probeObject(text: string | undefined, problems: string[]): ProbeObject | undefined {
  if (!text?.trim()) {
    problems.push("PROBE_OBJECT: required");
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problems.push(`PROBE_OBJECT: not JSON (${(error as Error).message})`);
    return undefined;
  }
  const candidate = parsed as Partial<ProbeObject> | null;
  const fine =
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.apiVersion === "string" &&
    typeof candidate.kind === "string" &&
    typeof candidate.metadata?.name === "string" &&
    (candidate.metadata.namespace === undefined || typeof candidate.metadata.namespace === "string");
  if (!fine) {
    problems.push("PROBE_OBJECT: expected an object with apiVersion, kind and metadata.name (and metadata.namespace for a namespaced kind)");
    return undefined;
  }
  return candidate as ProbeObject;
}
