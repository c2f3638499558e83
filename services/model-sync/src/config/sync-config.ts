import { SERVICE_ACCOUNT_DIR, type InClusterEndpoint } from "../state/kube-api.ts";
import { ConfigError } from "./config-error.ts";
import type { DeclaredModel } from "./declared-model.ts";
import { parseDeclaredModels } from "./declared-models.ts";
import { showValue } from "./show-value.ts";

export type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_OLLAMA_HOST = "http://127.0.0.1:11434";
const DEFAULT_OLLAMA_WAIT_SECONDS = 300;

/** Where the managed set lives: a ConfigMap in the cluster, a file on a workstation. */
export type StateLocation =
  | { readonly kind: "configmap"; readonly name: string; readonly endpoint: InClusterEndpoint }
  | { readonly kind: "file"; readonly path: string };

export interface SyncConfig {
  readonly ollamaHost: string;
  readonly ollamaWaitMs: number;
  readonly models: readonly DeclaredModel[];
  readonly state: StateLocation;
}

/** Reads the Job's environment. Throws one ConfigError listing every problem, each naming its variable. */
export function readSyncConfig(env: Env): SyncConfig {
  const problems: string[] = [];
  const ollamaHost = ollamaHostFrom(env.OLLAMA_HOST, problems);
  const ollamaWaitSeconds = waitSecondsFrom(env.OLLAMA_WAIT_SECONDS, problems);
  const state = stateLocationFrom(env, problems);
  let models: readonly DeclaredModel[] = [];
  try {
    models = parseDeclaredModels(env.MODELS);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || state === undefined) throw new ConfigError(problems);
  return { ollamaHost, ollamaWaitMs: ollamaWaitSeconds * 1000, models, state };
}

function ollamaHostFrom(value: string | undefined, problems: string[]): string {
  if (value === undefined || value === "") return DEFAULT_OLLAMA_HOST;
  if (URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol)) return value;
  problems.push(`OLLAMA_HOST: expected an http:// or https:// URL such as http://ollama.llm.svc:11434; got ${showValue(value)}`);
  return DEFAULT_OLLAMA_HOST;
}

function waitSecondsFrom(value: string | undefined, problems: string[]): number {
  if (value === undefined || value === "") return DEFAULT_OLLAMA_WAIT_SECONDS;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds > 0) return seconds;
  problems.push(`OLLAMA_WAIT_SECONDS: expected a number of seconds above 0, such as 300; got ${showValue(value)}`);
  return DEFAULT_OLLAMA_WAIT_SECONDS;
}

function stateLocationFrom(env: Env, problems: string[]): StateLocation | undefined {
  const { STATE_CONFIGMAP: name, STATE_FILE: path } = env;
  if (name && path) {
    problems.push("STATE_CONFIGMAP and STATE_FILE: both set; set STATE_CONFIGMAP in the cluster or STATE_FILE for a local run, not both");
    return undefined;
  }
  if (path) return { kind: "file", path };
  if (!name) {
    problems.push("STATE_CONFIGMAP: required: the ConfigMap that keeps the managed set (or STATE_FILE, a local file, outside a cluster)");
    return undefined;
  }
  if (name.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    problems.push(`STATE_CONFIGMAP: expected a ConfigMap name (lower-case letters, digits, '-' and '.', at most 253); got ${showValue(name)}`);
  }
  const endpoint = endpointFrom(env, problems);
  return endpoint && { kind: "configmap", name, endpoint };
}

function endpointFrom(env: Env, problems: string[]): InClusterEndpoint | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = Number(env.KUBERNETES_SERVICE_PORT);
  const portValid = Number.isInteger(port) && port >= 1 && port <= 65535;
  if (!host) {
    problems.push("KUBERNETES_SERVICE_HOST: not set, yet Kubernetes sets it in every pod; outside a cluster use STATE_FILE instead of STATE_CONFIGMAP");
  }
  if (!portValid) {
    problems.push(`KUBERNETES_SERVICE_PORT: expected a port number from 1 to 65535; got ${showValue(env.KUBERNETES_SERVICE_PORT)}`);
  }
  if (!host || !portValid) return undefined;
  return { host, port, serviceAccountDir: env.SERVICE_ACCOUNT_DIR || SERVICE_ACCOUNT_DIR };
}
