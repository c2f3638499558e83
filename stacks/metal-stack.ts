import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import type * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../components/lib/ipv4";
import { K3sCluster, type ClusterNode, type K3sClusterArgs } from "../components/metal";
import { layoutNodes, type ClusterLayout, type MetalStackConfig } from "./metal-config";
import type { MetalFacts } from "./metal-facts";

/**
 * The program of the stack that builds the cluster: Proxmox VMs and k3s, nothing inside
 * the cluster. The platform stack reads these outputs through a StackReference.
 */

export interface MetalStackOutputs extends MetalFacts {
  /** Admin kubeconfig (secret): the provider of every later layer. */
  readonly kubeconfig: pulumi.Output<string>;
}

export function metalStack(config: MetalStackConfig): MetalStackOutputs {
  const cluster = new K3sCluster("cluster", clusterArgs(config), { provider: proxmoxProvider(config) });
  return {
    kubeconfig: cluster.kubeconfig,
    apiServer: cluster.apiServer,
    apiVip: config.cluster.apiVip,
    nodeNetwork: config.cluster.network.cidr,
    nodes: [...cluster.nodes],
    gpuNodes: [...cluster.gpuNodes],
  };
}

/**
 * API calls go to the endpoint with the token; snippet uploads go over SSH to each Proxmox
 * node, with the configured key or else the SSH agent.
 */
function proxmoxProvider(config: MetalStackConfig): proxmoxve.Provider {
  const { endpoint, insecure, ssh } = config.proxmox;
  const privateKey = config.secrets.proxmoxSshPrivateKey;
  return new proxmoxve.Provider("proxmox", {
    endpoint,
    insecure,
    ...(config.secrets.proxmoxApiToken && { apiToken: config.secrets.proxmoxApiToken }),
    ssh: {
      username: ssh.username,
      ...(privateKey ? { privateKey } : { agent: true }),
      ...(ssh.nodes && { nodes: ssh.nodes }),
    },
  });
}

function clusterArgs(config: MetalStackConfig): K3sClusterArgs {
  const { cluster, proxmox } = config;
  const { network } = cluster;
  return {
    nodes: clusterNodes(cluster, proxmox.nodes),
    apiVip: cluster.apiVip,
    apiHost: cluster.apiHost ?? `k8s.${config.domain}`,
    network: {
      prefixLength: prefixLength(network.cidr),
      gateway: network.gateway,
      dns: network.dns,
      bridge: network.bridge,
      vlan: network.vlan,
      dhcp: network.dhcp,
    },
    datastores: proxmox.datastores,
    sshKeys: cluster.sshKeys,
    etcdSnapshots: etcdSnapshots(config),
  };
}

/** The layout's snapshots, the S3 copy with its secret key (the checks made sure it is set). */
function etcdSnapshots(config: MetalStackConfig): K3sClusterArgs["etcdSnapshots"] {
  const { schedule, retention, s3 } = config.cluster.etcdSnapshots;
  const secretKey = config.secrets.etcdS3SecretKey;
  return { schedule, retention, s3: s3 && secretKey ? { ...s3, secretKey } : undefined };
}

/**
 * Servers and agents without a Proxmox node go round the listed ones, so the servers of an
 * HA cluster land on different hosts; the GPU node goes where its GPU is.
 */
function clusterNodes(cluster: ClusterLayout, proxmoxNodes: readonly string[]): ClusterNode[] {
  return layoutNodes(cluster).map(({ role, index, spec }) => {
    const size = cluster.sizes[role];
    return {
      name: spec.name,
      vmId: spec.vmId,
      role,
      address: spec.address,
      ...(spec.mac !== undefined && { mac: spec.mac }),
      proxmoxNode: spec.proxmoxNode ?? proxmoxNodes[index % proxmoxNodes.length]!,
      ...size,
      ...("pci" in spec && spec.pci && { gpu: spec.pci }),
    };
  });
}

function prefixLength(cidr: string): number {
  const range = parseCidr(cidr)!;
  return 32 - Math.log2(range.last - range.first + 1);
}
