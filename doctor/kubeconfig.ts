import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join } from "node:path";
import { parse } from "yaml";
import { fail, warn, type CheckResult } from "./check";

/**
 * The cluster a kubeconfig context points at, with what kubectl would present to it. Only
 * what needs no helper program is read: an exec plugin or an auth provider runs code of
 * its own, which a preflight should not.
 */
export interface KubeConnection {
  readonly context: string;
  /** Where the kubeconfig came from, for the report. */
  readonly source: string;
  readonly server: string;
  /** PEM of the CA that signed the API server's certificate; absent: the system's CAs. */
  readonly ca?: string;
  readonly insecure: boolean;
  readonly cert?: string;
  readonly key?: string;
  readonly token?: string;
}

export type ConnectionOrProblem = { readonly connection: KubeConnection } | { readonly problem: CheckResult };

const CHECK = "kubeconfig context";

interface Named<T> {
  readonly name: string;
  readonly value: T;
  /** The file that named it: relative paths inside resolve against its directory. */
  readonly dir: string;
}

interface Kubeconfig {
  readonly currentContext?: string;
  readonly contexts: Named<{ cluster?: string; user?: string }>[];
  readonly clusters: Named<Record<string, unknown>>[];
  readonly users: Named<Record<string, unknown>>[];
}

/** The files kubectl would read: the stack's `kubernetes.kubeconfig`, else $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigFiles(explicit: string | undefined, env: NodeJS.ProcessEnv, home = homedir()): string[] {
  if (explicit) return [explicit];
  const listed = (env.KUBECONFIG ?? "").split(delimiter).filter((f) => f.length > 0);
  return listed.length > 0 ? listed : [join(home, ".kube", "config")];
}

/** The context's cluster and credentials from kubeconfig files, merged as kubectl does (the first file to name a thing wins). */
export function connectionFromFiles(files: readonly string[], context: string | undefined): ConnectionOrProblem {
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) {
    return { problem: fail(CHECK, `no kubeconfig at ${files.join(", ")}`, "start the cluster, or set homelab:kubernetes.kubeconfig to its kubeconfig file") };
  }
  const configs: Kubeconfig[] = [];
  for (const file of present) {
    try {
      configs.push(kubeconfigOf(parse(readFileSync(file, "utf8")), dirname(file)));
    } catch (error) {
      return { problem: fail(CHECK, `${file} is not a kubeconfig: ${(error as Error).message}`, "fix or replace that file") };
    }
  }
  return connectionOf(mergeKubeconfigs(configs), context, present.join(delimiter));
}

/** The context's cluster and credentials from kubeconfig text (the metal stack's output). */
export function connectionFromText(text: string, context: string | undefined, source: string): ConnectionOrProblem {
  try {
    return connectionOf(kubeconfigOf(parse(text), process.cwd()), context, source);
  } catch (error) {
    return { problem: fail(CHECK, `${source} is not a kubeconfig: ${(error as Error).message}`, "deploy the stack that builds the cluster again") };
  }
}

function connectionOf(config: Kubeconfig, wanted: string | undefined, source: string): ConnectionOrProblem {
  const name = wanted ?? config.currentContext;
  const context = config.contexts.find((c) => c.name === name);
  if (!name || !context) {
    const known = config.contexts.map((c) => c.name).join(", ") || "none";
    return {
      problem: fail(CHECK, `no context ${name ?? "(none current)"} in ${source}; contexts there: ${known}`, "start the cluster, or set homelab:kubernetes.context to one of those"),
    };
  }
  const cluster = config.clusters.find((c) => c.name === context.value.cluster);
  if (!cluster || typeof cluster.value.server !== "string") {
    return { problem: fail(CHECK, `context ${name} names cluster ${context.value.cluster ?? "(none)"}, which has no server in ${source}`, "repair the kubeconfig") };
  }
  const user = config.users.find((u) => u.name === context.value.user);
  const plugin = user && ["exec", "auth-provider"].find((key) => key in user.value);
  if (plugin) {
    return {
      problem: warn(
        CHECK,
        `context ${name} authenticates with an ${plugin} plugin, which the doctor does not run; the cluster checks are skipped`,
        "check the cluster with kubectl, or give the doctor a context with a client certificate or a token",
      ),
    };
  }
  try {
    return {
      connection: {
        context: name,
        source,
        server: cluster.value.server,
        ca: pem(cluster, "certificate-authority"),
        insecure: cluster.value["insecure-skip-tls-verify"] === true,
        cert: user && pem(user, "client-certificate"),
        key: user && pem(user, "client-key"),
        token: user && tokenOf(user),
      },
    };
  } catch (error) {
    return { problem: fail(CHECK, `context ${name}: ${(error as Error).message}`, "repair the kubeconfig") };
  }
}

/** `<field>-data` (base64) or `<field>` (a file path). */
function pem(entry: Named<Record<string, unknown>>, field: string): string | undefined {
  const data = entry.value[`${field}-data`];
  if (typeof data === "string") return Buffer.from(data, "base64").toString("utf8");
  const file = entry.value[field];
  return typeof file === "string" ? readEntryFile(entry, file, field) : undefined;
}

function tokenOf(user: Named<Record<string, unknown>>): string | undefined {
  if (typeof user.value.token === "string") return user.value.token;
  const file = user.value.tokenFile;
  return typeof file === "string" ? readEntryFile(user, file, "tokenFile").trim() : undefined;
}

function readEntryFile(entry: Named<unknown>, file: string, field: string): string {
  const path = isAbsolute(file) ? file : join(entry.dir, file);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${entry.name}'s ${field} ${path} cannot be read (${(error as Error).message})`);
  }
}

function kubeconfigOf(document: unknown, dir: string): Kubeconfig {
  if (!isRecord(document)) throw new Error("expected a YAML map");
  const list = <T>(key: string, field: string): Named<T>[] => {
    const items = document[key] ?? [];
    if (!Array.isArray(items)) throw new Error(`${key} is not a list`);
    return items.filter(isRecord).map((item) => ({ name: String(item.name), value: (isRecord(item[field]) ? item[field] : {}) as T, dir }));
  };
  const current = document["current-context"];
  return {
    currentContext: typeof current === "string" && current.length > 0 ? current : undefined,
    contexts: list("contexts", "context"),
    clusters: list("clusters", "cluster"),
    users: list("users", "user"),
  };
}

function mergeKubeconfigs(configs: readonly Kubeconfig[]): Kubeconfig {
  const firstByName = <T>(lists: Named<T>[][]): Named<T>[] => {
    const seen = new Set<string>();
    return lists.flat().filter((item) => !seen.has(item.name) && seen.add(item.name));
  };
  return {
    currentContext: configs.find((c) => c.currentContext)?.currentContext,
    contexts: firstByName(configs.map((c) => c.contexts)),
    clusters: firstByName(configs.map((c) => c.clusters)),
    users: firstByName(configs.map((c) => c.users)),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
