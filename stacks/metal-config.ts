import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseCidr, parseIpv4, rangeContains, type Ipv4Range } from "../components/lib/ipv4";
import type { NodeRole } from "../components/metal";
import type { CrossCheck } from "./config-checks";
import { ipv4, isDomain, name, strict } from "./config-fields";
import { configKey, show } from "./config-problems";
import { ETCD_S3_SECRET_KEY, etcdSnapshotsSchema } from "./etcd-snapshots-config";

/**
 * The metal part of the stack configuration. A bare-metal stack either builds the cluster
 * (`homelab:cluster` is a layout: Proxmox VMs and k3s, nothing else) or runs the platform on
 * a cluster another stack of this project built (`homelab:cluster` is `{ stack: <name> }`).
 */

export const networkCidr = z.string().refine((s) => s.includes("/") && parseCidr(s) !== undefined, {
  error: (issue) => `expected an aligned network a.b.c.d/n such as 192.168.10.0/24; got ${show(issue.input)}`,
});

const macAddress = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i, {
  error: (issue) => `expected a MAC address such as bc:24:11:00:00:01; got ${show(issue.input)}`,
});

const pciAddress = z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/, {
  error: (issue) => `expected a PCI address such as 0000:01:00.0 (lspci -D); got ${show(issue.input)}`,
});

const pciId = z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{4}$/, {
  error: (issue) => `expected a vendor:device id such as 10de:2684 (lspci -nn); got ${show(issue.input)}`,
});

const sshKey = z.string().regex(/^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-\S+) \S+/, {
  error: (issue) => `expected an OpenSSH public key (ssh-ed25519 AAAA… comment); got ${show(issue.input)}`,
});

const vmFields = {
  /** VM name, host name and Kubernetes node name. */
  name,
  /** Proxmox VM id, unique in the Proxmox cluster. */
  vmId: z.number().int().min(100).max(999_999_999),
  /** The node's address: static, or the one the DHCP server reserves for `mac`. */
  address: ipv4,
  /** MAC address of the VM's network card; needed for a DHCP reservation. */
  mac: macAddress.optional(),
  /** Proxmox node that runs the VM; default: `homelab:proxmox.nodes` in turn. */
  proxmoxNode: z.string().min(1).optional(),
};

const node = strict(vmFields);

const gpuNode = strict({
  ...vmFields,
  /** The GPU passed through to the VM, as `lspci -Dnn` shows it on its Proxmox node. */
  pci: strict({
    address: pciAddress,
    id: pciId,
    subsystemId: pciId.optional(),
    iommuGroup: z.number().int().min(0).optional(),
  }).optional(),
});

function size(defaults: { cores: number; memoryMb: number; diskGb: number }) {
  return strict({
    cores: z.number().int().min(1).max(128).default(defaults.cores),
    memoryMb: z.number().int().min(1024).default(defaults.memoryMb),
    diskGb: z.number().int().min(8).default(defaults.diskGb),
  }).prefault({});
}

/** VM sizes per role when the stack file names none. */
const DEFAULT_SIZES = {
  server: { cores: 2, memoryMb: 4096, diskGb: 32 },
  agent: { cores: 4, memoryMb: 8192, diskGb: 64 },
  gpu: { cores: 8, memoryMb: 32768, diskGb: 128 },
} as const;

const layout = strict({
  /** The Kubernetes API address that kube-vip moves between the servers. */
  apiVip: ipv4,
  /** A DNS name for the API, added to its certificate; default: `k8s.<domain>`. */
  apiHost: z
    .string()
    .refine(isDomain, { error: (issue) => `expected a DNS name such as k8s.lab.home.arpa; got ${show(issue.input)}` })
    .optional(),
  network: strict({
    /** The nodes' network; node addresses, the gateway and the API VIP lie inside. */
    cidr: networkCidr,
    gateway: ipv4.optional(),
    /** DNS servers; default: the gateway. */
    dns: z.array(ipv4).min(1).optional(),
    bridge: z.string().min(1).default("vmbr0"),
    vlan: z.number().int().min(1).max(4094).optional(),
    /** Addresses come from a DHCP server that reserves each node's address for its MAC. */
    dhcp: z.boolean().default(false),
  }),
  /** Control-plane servers with embedded etcd; the first one initialises the cluster. */
  servers: z.array(node).refine((list) => [1, 3, 5].includes(list.length), {
    error: (issue) => `expected 1, 3 or 5 servers (embedded etcd needs an odd number); got ${show(issue.input)}`,
  }),
  agents: z.array(node).max(20).default([]),
  /** An agent with a GPU passed through, labelled and tainted for GPU workloads. */
  gpuNode: gpuNode.optional(),
  sizes: strict({
    server: size(DEFAULT_SIZES.server),
    agent: size(DEFAULT_SIZES.agent),
    gpu: size(DEFAULT_SIZES.gpu),
  }).prefault({}),
  /** Public keys that may log in as `homelab` on every node (for debugging; nothing needs SSH). */
  sshKeys: z.array(sshKey).default([]),
  /** Snapshots of the cluster state (etcd) on every server, copied to an S3 outside the cluster. */
  etcdSnapshots: etcdSnapshotsSchema,
});

const reference = strict({
  /** The stack of this project that builds the cluster, e.g. homelab-metal. */
  stack: z.string().regex(/^[A-Za-z0-9_.-]+$/, {
    error: (issue) => `expected the name of a stack of this project, e.g. homelab-metal; got ${show(issue.input)}`,
  }),
});

const LAYOUT_KEYS = Object.keys(layout.shape);

/** The check that the S3 copy of etcd snapshots has its secret key, and the key a copy. */
function etcdSecretProblems(cluster: ClusterLayout, secretKeys: readonly string[]): string[] {
  const given = secretKeys.includes(ETCD_S3_SECRET_KEY);
  if (cluster.etcdSnapshots.s3 && !given) {
    return [`${configKey(["cluster", "etcdSnapshots", "s3"])}: the copy to S3 needs its secret key: pulumi config set --secret ${ETCD_S3_SECRET_KEY} <key>`];
  }
  if (!cluster.etcdSnapshots.s3 && given) {
    return [`${configKey([ETCD_S3_SECRET_KEY])}: set, but cluster.etcdSnapshots.s3 is not: give the S3 server or remove the key`];
  }
  return [];
}

/** `{ stack }` or a layout, never a mix: a mix would leave unclear which stack builds the cluster. */
export const clusterSchema = z.unknown().transform((value, ctx) => {
  const isReference = isObject(value) && "stack" in value;
  const mixed = isReference ? Object.keys(value).filter((key) => LAYOUT_KEYS.includes(key)) : [];
  if (mixed.length > 0) {
    ctx.addIssue({
      code: "custom",
      message:
        `mixes \`stack\` (this stack runs on the cluster that stack builds) with ${mixed.join(", ")} ` +
        "(this stack builds the cluster); keep one",
    });
    return z.NEVER;
  }
  const result = (isReference ? reference : layout).safeParse(value, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  }
  return result.data;
});

export const proxmoxSchema = strict({
  /** `https://<host>:8006/` */
  endpoint: z.url({ protocol: /^https$/, error: (i) => `expected https://<host>:8006/; got ${show(i.input)}` }).optional(),
  /** Accept the node's self-signed certificate. */
  insecure: z.boolean().default(false),
  /** Proxmox node names the VMs are spread over. */
  nodes: z.array(z.string().min(1)).min(1).default(["pve"]),
  datastores: strict({
    /** VM disks and cloud-init drives. */
    disks: z.string().min(1).default("local-lvm"),
    /** The cloud image; needs the `Import` content type. */
    images: z.string().min(1).default("local"),
    /** cloud-init user-data; needs the `Snippets` content type. */
    snippets: z.string().min(1).default("local"),
  }).prefault({}),
  /** How the provider reaches the Proxmox nodes by SSH to upload snippets. */
  ssh: strict({
    username: z.string().min(1).default("root"),
    /** Addresses of the Proxmox nodes when the API reports unreachable ones. */
    nodes: z.array(strict({ name: z.string().min(1), address: z.string().min(1) })).optional(),
  }).prefault({}),
});

export type ClusterLayout = z.output<typeof layout>;
export type ClusterReference = z.output<typeof reference>;
export type ProxmoxSettings = z.output<typeof proxmoxSchema> & { readonly endpoint: string };
export type NodeSpec = z.output<typeof node>;
export type GpuNodeSpec = z.output<typeof gpuNode>;

/** What the stack that builds the cluster runs with. */
export interface MetalStackConfig {
  readonly target: "bare-metal";
  readonly domain: string;
  readonly proxmox: ProxmoxSettings;
  readonly cluster: ClusterLayout;
  /** The secret keys the stack file holds, as Pulumi secrets. */
  readonly secrets: Readonly<Record<string, pulumi.Output<string> | undefined>>;
}

export function isClusterLayout(cluster: ClusterLayout | ClusterReference | undefined): cluster is ClusterLayout {
  return cluster !== undefined && !("stack" in cluster);
}

/** Keys only the stack that builds the cluster reads. */
export const CLUSTER_BUILDER_KEYS = ["proxmox", "proxmoxApiToken", "proxmoxSshPrivateKey", ETCD_S3_SECRET_KEY];

/** True when the stack file describes a cluster to build rather than naming the stack that builds it. */
export function buildsCluster(raw: Readonly<Record<string, unknown>>): boolean {
  return raw.target === "bare-metal" && isObject(raw.cluster) && !("stack" in raw.cluster);
}

/** The keys the stack that builds the cluster reads besides the domain. */
export interface MetalKeys {
  readonly proxmox?: z.output<typeof proxmoxSchema>;
  readonly cluster?: ClusterLayout | ClusterReference;
}

/** Checks of the stack that builds the cluster, once each key on its own is valid. */
export const METAL_STACK_CHECKS: readonly CrossCheck<MetalKeys>[] = [
  {
    needs: ["proxmox"],
    run: (c) =>
      c.proxmox?.endpoint
        ? []
        : [`${configKey(["proxmox", "endpoint"])}: required to build the cluster (e.g. https://pve.lan:8006/)`],
  },
  { needs: ["cluster"], run: (c) => (isClusterLayout(c.cluster) ? layoutProblems(c.cluster) : []) },
  { needs: ["cluster"], run: (c, { secretKeys }) => (isClusterLayout(c.cluster) ? etcdSecretProblems(c.cluster, secretKeys) : []) },
  {
    needs: ["cluster", "proxmox"],
    run: (c) => (isClusterLayout(c.cluster) && c.proxmox ? placementProblems(c.cluster, c.proxmox.nodes) : []),
  },
];

export function metalStackConfig(config: MetalKeys & { readonly domain: string }): Omit<MetalStackConfig, "secrets"> {
  const { cluster, proxmox } = config;
  if (!isClusterLayout(cluster) || !proxmox?.endpoint) {
    throw new Error("metalStackConfig needs a config that passed METAL_STACK_CHECKS");
  }
  return { target: "bare-metal", domain: config.domain, proxmox: { ...proxmox, endpoint: proxmox.endpoint }, cluster };
}

export interface LayoutNode {
  readonly role: NodeRole;
  /** Position among the nodes of its role. */
  readonly index: number;
  /** Where the stack file declares it. */
  readonly path: readonly PropertyKey[];
  readonly spec: NodeSpec | GpuNodeSpec;
}

/** Every VM of the layout: servers (the first one first), agents, then the GPU node. */
export function layoutNodes(cluster: ClusterLayout): LayoutNode[] {
  return [
    ...cluster.servers.map((spec, index) => ({ role: "server" as const, index, path: ["cluster", "servers", index], spec })),
    ...cluster.agents.map((spec, index) => ({ role: "agent" as const, index, path: ["cluster", "agents", index], spec })),
    ...(cluster.gpuNode ? [{ role: "gpu" as const, index: 0, path: ["cluster", "gpuNode"], spec: cluster.gpuNode }] : []),
  ];
}

function layoutProblems(cluster: ClusterLayout): string[] {
  const network = parseCidr(cluster.network.cidr)!;
  const nodes = layoutNodes(cluster);
  return [
    ...networkProblems(cluster, network),
    ...nodes.flatMap((n) => nodeAddressProblems(n, cluster, network)),
    ...(["name", "vmId", "address", "mac"] as const).flatMap((field) => duplicateProblems(nodes, field)),
    ...(cluster.gpuNode && !cluster.gpuNode.pci
      ? [
          `${configKey(["cluster", "gpuNode", "pci"])}: required: the GPU to pass through, ` +
            "e.g. { address: 0000:01:00.0, id: 10de:2684 } from `lspci -Dnn` on its Proxmox node",
        ]
      : []),
  ];
}

function networkProblems(cluster: ClusterLayout, network: Ipv4Range): string[] {
  const { cidr, gateway, dhcp } = cluster.network;
  const problems: string[] = [];
  if (!usableIn(network, cluster.apiVip)) {
    problems.push(
      `${configKey(["cluster", "apiVip"])}: ${cluster.apiVip} is not a host address of homelab:cluster.network.cidr (${cidr}); ` +
        "kube-vip announces it by ARP on the nodes' network",
    );
  }
  if (!dhcp && !gateway) {
    problems.push(`${configKey(["cluster", "network", "gateway"])}: required with static addresses (network.dhcp is false)`);
  }
  if (gateway && !usableIn(network, gateway)) {
    problems.push(`${configKey(["cluster", "network", "gateway"])}: ${gateway} is not a host address of ${cidr}`);
  }
  if (gateway === cluster.apiVip) {
    problems.push(`${configKey(["cluster", "apiVip"])}: ${gateway} is the gateway (homelab:cluster.network.gateway)`);
  }
  return problems;
}

function nodeAddressProblems(node: LayoutNode, cluster: ClusterLayout, network: Ipv4Range): string[] {
  const { address, mac } = node.spec;
  const problems: string[] = [];
  if (!usableIn(network, address)) {
    problems.push(`${configKey([...node.path, "address"])}: ${address} is not a host address of homelab:cluster.network.cidr (${cluster.network.cidr})`);
  }
  if (address === cluster.network.gateway) {
    problems.push(`${configKey([...node.path, "address"])}: ${address} is the gateway (homelab:cluster.network.gateway)`);
  }
  if (address === cluster.apiVip) {
    problems.push(
      `${configKey(["cluster", "apiVip"])}: ${address} is also ${configKey([...node.path, "address"])}; ` +
        "the VIP must be an address no node has",
    );
  }
  if (cluster.network.dhcp && !mac) {
    problems.push(
      `${configKey([...node.path, "mac"])}: required with network.dhcp: the DHCP server reserves ${address} for this MAC`,
    );
  }
  return problems;
}

function duplicateProblems(nodes: readonly LayoutNode[], field: "name" | "vmId" | "address" | "mac"): string[] {
  const seen = new Map<string, LayoutNode>();
  const problems: string[] = [];
  for (const node of nodes) {
    const value = node.spec[field];
    if (value === undefined) continue;
    const text = String(value).toLowerCase();
    const first = seen.get(text);
    if (first) {
      problems.push(`${configKey([...node.path, field])}: ${value} is also ${configKey([...first.path, field])}`);
    } else {
      seen.set(text, node);
    }
  }
  return problems;
}

function placementProblems(cluster: ClusterLayout, proxmoxNodes: readonly string[]): string[] {
  const problems = layoutNodes(cluster)
    .filter((n) => n.spec.proxmoxNode !== undefined && !proxmoxNodes.includes(n.spec.proxmoxNode))
    .map(
      (n) =>
        `${configKey([...n.path, "proxmoxNode"])}: "${n.spec.proxmoxNode}" is not in homelab:proxmox.nodes (${proxmoxNodes.join(", ")})`,
    );
  if (cluster.gpuNode && !cluster.gpuNode.proxmoxNode && proxmoxNodes.length > 1) {
    problems.push(
      `${configKey(["cluster", "gpuNode", "proxmoxNode"])}: required when homelab:proxmox.nodes lists several nodes: ` +
        "the one whose PCI slot holds the GPU",
    );
  }
  return problems;
}

/** Inside the network and neither its network nor its broadcast address. */
function usableIn(network: Ipv4Range, address: string): boolean {
  const n = parseIpv4(address)!;
  const hasEnds = network.last - network.first >= 3;
  return rangeContains(network, n) && !(hasEnds && (n === network.first || n === network.last));
}

/** The stack a platform stack's raw config names in `homelab:cluster.stack`, if any. */
export function referencedStack(values: Readonly<Record<string, string>>): string | undefined {
  try {
    const cluster: unknown = JSON.parse(values["homelab:cluster"] ?? "null");
    return isObject(cluster) && typeof cluster.stack === "string" ? cluster.stack : undefined;
  } catch {
    // Not JSON: the config check reports it when the program runs.
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
