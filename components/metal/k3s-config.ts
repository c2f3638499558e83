import { createHash } from "node:crypto";
import { stringify } from "yaml";
import { GPU_NODE_LABEL, GPU_NODE_TAINT } from "../lib/gpu-node";
import type { NodeFile } from "./cloud-init";
import { caFiles, type CaMaterial } from "./cluster-ca";
import { etcdSnapshotFlags, type EtcdSnapshots } from "./etcd-snapshots";
import { kubeVipManifest } from "./kube-vip";

/**
 * Each node's `/etc/rancher/k3s/config.yaml`: flag names as keys, as k3s reads them. The
 * first server initialises embedded etcd; the other servers join it with the server token,
 * agents with the agent token only.
 */

/** What a VM is in the cluster: a control-plane server, a worker, or the worker with the GPU. */
export type NodeRole = "server" | "agent" | "gpu";

export const API_PORT = 6443;

/**
 * Components of k3s that the system layer replaces: MetalLB, its own Traefik, and its own
 * local-path provisioner, so the platform alone decides the one default StorageClass.
 */
const DISABLED_COMPONENTS = ["servicelb", "traefik", "local-storage"] as const;

export interface K3sNodeSettings {
  /** Kubernetes node name. */
  readonly name: string;
  readonly role: NodeRole;
  /** The address k3s advertises for the node. */
  readonly address: string;
}

/** The secrets that let a node join; see {@link joinToken}. */
export interface K3sTokens {
  /** Secure server token: joins servers; k3s treats its holder as cluster admin. */
  readonly server: string;
  /** Secure agent token (`::node:`): joins agents only. */
  readonly agent: string;
  /** The agent token's secret alone, as servers take it in `agent-token`. */
  readonly agentSecret: string;
}

export interface K3sClusterSettings {
  readonly tokens: K3sTokens;
  /** The first server: it initialises embedded etcd. */
  readonly firstServer: { readonly name: string };
  /** The address kube-vip holds for the API. */
  readonly apiVip: string;
  /** Extra names and addresses in the API certificate: the VIP and the API's DNS name. */
  readonly tlsSans: readonly string[];
  /** Snapshots of etcd each server takes. @default k3s's own (every 12 hours, 5 kept, local only) */
  readonly etcdSnapshots?: EtcdSnapshots;
}

export function initializesCluster(node: K3sNodeSettings, cluster: Pick<K3sClusterSettings, "firstServer">): boolean {
  return node.name === cluster.firstServer.name;
}

export function k3sConfig(node: K3sNodeSettings, cluster: K3sClusterSettings): Record<string, unknown> {
  // Others join through the VIP, which kube-vip on the first server holds from its start:
  // a node added or rebuilt later still finds the cluster when the first server is gone.
  // k3s retries the join until the VIP answers.
  const membership = initializesCluster(node, cluster)
    ? { "cluster-init": true }
    : { server: `https://${cluster.apiVip}:${API_PORT}` };
  return {
    ...membership,
    // The server token is root on the cluster: a node that runs only workloads (and the GPU
    // node's root containers) must never hold it, so agents join with the agent token.
    token: node.role === "server" ? cluster.tokens.server : cluster.tokens.agent,
    "node-name": node.name,
    "node-ip": node.address,
    // Settings every server must share; agents ignore them. k3s takes `agent-token` as the
    // bare secret (it becomes the `node` user's password); the secure form would not match.
    ...(node.role === "server" && {
      "agent-token": cluster.tokens.agentSecret,
      "tls-san": [...cluster.tlsSans],
      disable: [...DISABLED_COMPONENTS],
      ...(cluster.etcdSnapshots && etcdSnapshotFlags(cluster.etcdSnapshots)),
    }),
    ...(node.role === "gpu" && {
      "node-label": [`${GPU_NODE_LABEL.key}=${GPU_NODE_LABEL.value}`],
      "node-taint": [`${GPU_NODE_TAINT.key}=${GPU_NODE_TAINT.value}:${GPU_NODE_TAINT.effect}`],
    }),
  };
}

/** `k3s server` or `k3s agent`. */
export function k3sCommand(role: NodeRole): "server" | "agent" {
  return role === "server" ? "server" : "agent";
}

/**
 * The secure token form `K10<CA hash>::<user>:<secret>` (docs.k3s.io/cli/token; the user
 * is `server` for the server token, `node` for the agent token, as k3s's own
 * `/var/lib/rancher/k3s/server/agent-token` file shows it): joining nodes check that the
 * server's CA hashes to the value in the token before they send the secret. k3s hashes the
 * bytes of `server-ca.crt`, so the file must be written exactly as `serverCaCertPem`.
 */
export function joinToken(serverCaCertPem: string, user: "server" | "node", secret: string): string {
  const caHash = createHash("sha256").update(serverCaCertPem).digest("hex");
  return `K10${caHash}::${user}:${secret}`;
}

/** The server and agent tokens of one cluster, from its server CA and the two secrets. */
export function clusterTokens(serverCaCertPem: string, secrets: { readonly server: string; readonly agent: string }): K3sTokens {
  return {
    server: joinToken(serverCaCertPem, "server", secrets.server),
    agent: joinToken(serverCaCertPem, "node", secrets.agent),
    agentSecret: secrets.agent,
  };
}

/** What k3s finds on a node before its first start, with the CA files for the first server. */
export function nodeFiles(node: K3sNodeSettings, cluster: K3sClusterSettings, caMaterial?: CaMaterial): NodeFile[] {
  const config: NodeFile = { path: "/etc/rancher/k3s/config.yaml", content: stringify(k3sConfig(node, cluster)), permissions: "0600" };
  if (node.role !== "server") return [config];
  const kubeVip: NodeFile = {
    path: "/var/lib/rancher/k3s/server/manifests/kube-vip.yaml",
    content: kubeVipManifest({ vip: cluster.apiVip, port: API_PORT }),
    permissions: "0600",
  };
  const cas = initializesCluster(node, cluster) && caMaterial ? caFiles(caMaterial) : [];
  return [config, kubeVip, ...cas];
}
