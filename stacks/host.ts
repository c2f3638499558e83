import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";

/**
 * The machine `pulumi up` runs on, as far as defaults depend on it: its OS (whether it
 * reaches a minikube's node network) and what its kubeconfig says about a cluster (where
 * the node is). The offline render simulates one, so its answer is the same everywhere.
 */
export interface Host {
  /** `process.platform` of the machine: `linux`, `darwin`, `win32`, … */
  readonly os: NodeJS.Platform;
  /** The API server URL the kubeconfig gives for a context; undefined when it names no such context. */
  apiServer(kubernetes: { readonly context?: string; readonly kubeconfig?: string }): string | undefined;
}

/** The machine this program runs on, reading its kubeconfig as kubectl would. */
export function thisMachine(): Host {
  return {
    os: process.platform,
    apiServer: ({ context, kubeconfig }) => {
      const fromEnvironment = process.env.KUBECONFIG?.split(delimiter).filter(Boolean) ?? [];
      const files = kubeconfig ? [kubeconfig] : fromEnvironment.length > 0 ? fromEnvironment : [join(homedir(), ".kube", "config")];
      try {
        return apiServerOf(files.filter((file) => existsSync(file)).map((file) => readFileSync(file, "utf8")), context);
      } catch (error) {
        throw new pulumi.RunError(`cannot read the kubeconfig (${files.join(", ")}): ${(error as Error).message}`);
      }
    },
  };
}

interface Named {
  readonly name?: unknown;
  readonly context?: { readonly cluster?: unknown };
  readonly cluster?: { readonly server?: unknown };
}

/**
 * The server of a context in kubeconfig files, merged as kubectl merges them: the first file
 * that names a context or cluster wins; without a context name, the first `current-context`.
 */
export function apiServerOf(kubeconfigs: readonly string[], context?: string): string | undefined {
  const documents = kubeconfigs.map((text) => (parse(text) ?? {}) as Record<string, unknown>);
  const list = (key: string) => documents.flatMap((d) => (Array.isArray(d[key]) ? (d[key] as Named[]) : []));
  const wanted = context ?? documents.map((d) => d["current-context"]).find((c) => typeof c === "string" && c !== "");
  const cluster = list("contexts").find((c) => c.name === wanted)?.context?.cluster;
  const server = list("clusters").find((c) => c.name === cluster)?.cluster?.server;
  return typeof server === "string" ? server : undefined;
}
