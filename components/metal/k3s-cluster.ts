import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { EtcdS3, EtcdSnapshots } from "./etcd-snapshots";
import { userData } from "./cloud-init";
import { ClusterCa, type CaMaterial } from "./cluster-ca";
import { pciMappingArgs, type GpuDevice } from "./gpu-passthrough";
import { API_PORT, clusterTokens, initializesCluster, k3sCommand, nodeFiles, type K3sClusterSettings, type K3sTokens } from "./k3s-config";
import { K3sNode } from "./k3s-node";
import { kubeconfigYaml } from "./kubeconfig";
import type { NodeNetwork, VmSpec } from "./proxmox-vm";
import { ApiReadiness } from "./readiness";
import { CLOUD_IMAGE } from "./versions";

/** A VM of the cluster; the GPU node also names its GPU. */
export interface ClusterNode extends VmSpec {
  readonly gpu?: GpuDevice;
}

export interface K3sClusterArgs {
  /** Every VM, the first server first: it initialises embedded etcd and the others join it. */
  readonly nodes: readonly ClusterNode[];
  /** The API address kube-vip moves between the servers. */
  readonly apiVip: string;
  /** DNS name of the API, added to its certificate next to the VIP. */
  readonly apiHost: string;
  /** How every node is attached to the network. */
  readonly network: NodeNetwork;
  /** Proxmox datastores, the same on every Proxmox node. */
  readonly datastores: {
    /** VM disks and cloud-init drives. */
    readonly disks: string;
    /** The cloud image (content type Import). */
    readonly images: string;
    /** The user-data snippets (content type Snippets). */
    readonly snippets: string;
  };
  /** Public keys for the nodes' `homelab` account. @default [] */
  readonly sshKeys?: readonly string[];
  /** Snapshots of etcd, the S3 copy's secret key a Pulumi secret. @default k3s's own (every 12 hours, 5 kept, local only) */
  readonly etcdSnapshots?: Omit<EtcdSnapshots, "s3"> & { readonly s3?: Omit<EtcdS3, "secretKey"> & { readonly secretKey: pulumi.Input<string> } };
  /** How long `pulumi up` waits for `/readyz` on the VIP. @default 20 minutes */
  readonly readinessTimeoutMs?: number;
}

/**
 * An HA k3s cluster on Proxmox VMs: the CAs and the join tokens first, then one cloud image
 * per Proxmox node, the first server, the nodes that join it, and a wait until the API
 * answers on the VIP. Its kubeconfig is built from certificates it made itself.
 */
export class K3sCluster extends pulumi.ComponentResource {
  /** `https://<VIP>:6443` */
  readonly apiServer: string;
  /** Admin kubeconfig (secret); resolves only once the API answered `/readyz`. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly nodes: readonly { readonly name: string; readonly role: ClusterNode["role"]; readonly address: string }[];
  /** Names of the nodes with a GPU. */
  readonly gpuNodes: readonly string[];

  constructor(name: string, args: K3sClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:metal:K3sCluster", name, {}, opts);
    const [first, ...others] = args.nodes;
    if (first?.role !== "server") {
      throw new Error(`K3sCluster ${name}: the first node must be a server (it initialises the cluster); got ${first?.role ?? "no node"}`);
    }
    this.apiServer = `https://${args.apiVip}:${API_PORT}`;
    const ca = new ClusterCa("cluster-ca", { parent: this });
    const serverSecret = new random.RandomPassword("k3s-token", { length: 48, special: false }, { parent: this });
    const agentSecret = new random.RandomPassword("k3s-agent-token", { length: 48, special: false }, { parent: this });
    const settings = {
      firstServer: { name: first.name },
      apiVip: args.apiVip,
      tlsSans: [args.apiVip, args.apiHost],
    };
    const tokens = pulumi.secret(
      pulumi
        .all([ca.cas.server.certPem, serverSecret.result, agentSecret.result])
        .apply(([pem, server, agent]) => clusterTokens(pem, { server, agent })),
    );
    const images = this.cloudImages(args);
    const node = (spec: ClusterNode, dependsOn: pulumi.Resource[]) =>
      new K3sNode(
        spec.name,
        {
          vm: spec,
          network: args.network,
          userData: this.nodeUserData(spec, settings, tokens, ca.material, args.sshKeys ?? [], args.etcdSnapshots),
          imageFileId: images.get(spec.proxmoxNode)!.id,
          datastores: args.datastores,
          pciMapping: spec.gpu && this.pciMapping(spec, spec.gpu).name,
        },
        { parent: this, dependsOn },
      );
    const firstNode = node(first, []);
    const joined = others.map((spec) => node(spec, [firstNode]));
    const readiness = new ApiReadiness(
      "api-ready",
      {
        apiServer: this.apiServer,
        caCertPem: ca.cas.server.certPem,
        clientCertPem: ca.admin.certPem,
        clientKeyPem: ca.admin.keyPem,
        members: args.nodes.map((n) => n.name),
        timeoutMs: args.readinessTimeoutMs,
      },
      { parent: this, dependsOn: [firstNode, ...joined] },
    );
    const kubeconfig = pulumi
      .all([ca.cas.server.certPem, ca.admin.certPem, ca.admin.keyPem])
      .apply(([caCertPem, clientCertPem, clientKeyPem]) =>
        kubeconfigYaml({ name: "homelab", server: this.apiServer, caCertPem, clientCertPem, clientKeyPem }),
      );
    this.kubeconfig = pulumi.secret(pulumi.all([kubeconfig, readiness.answer]).apply(([text]) => text));
    this.nodes = args.nodes.map(({ name: nodeName, role, address }) => ({ name: nodeName, role, address }));
    this.gpuNodes = args.nodes.filter((n) => n.role === "gpu").map((n) => n.name);
    this.registerOutputs({ apiServer: this.apiServer, kubeconfig: this.kubeconfig, nodes: this.nodes, gpuNodes: this.gpuNodes });
  }

  /** The pinned image, downloaded once to each Proxmox node that runs a VM; Proxmox checks its hash. */
  private cloudImages(args: K3sClusterArgs): Map<string, proxmoxve.download.File> {
    const proxmoxNodes = [...new Set(args.nodes.map((n) => n.proxmoxNode))];
    return new Map(
      proxmoxNodes.map((proxmoxNode) => [
        proxmoxNode,
        new proxmoxve.download.File(
          `cloud-image-${proxmoxNode}`,
          {
            nodeName: proxmoxNode,
            datastoreId: args.datastores.images,
            contentType: "import",
            url: CLOUD_IMAGE.url,
            fileName: CLOUD_IMAGE.fileName,
            checksum: CLOUD_IMAGE.checksum,
            checksumAlgorithm: CLOUD_IMAGE.checksumAlgorithm,
          },
          { parent: this },
        ),
      ]),
    );
  }

  private pciMapping(spec: ClusterNode, gpu: GpuDevice): proxmoxve.hardware.mapping.Pci {
    const mappingName = `gpu-${spec.name}`;
    return new proxmoxve.hardware.mapping.Pci(mappingName, pciMappingArgs(mappingName, gpu, spec.proxmoxNode), { parent: this });
  }

  /** Secret: every node's user-data holds a join token, the first server's the CA keys too. */
  private nodeUserData(
    spec: ClusterNode,
    settings: Omit<K3sClusterSettings, "tokens">,
    tokens: pulumi.Output<K3sTokens>,
    caMaterial: pulumi.Output<CaMaterial>,
    sshKeys: readonly string[],
    snapshots: K3sClusterArgs["etcdSnapshots"],
  ): pulumi.Output<string> {
    const material = initializesCluster(spec, settings) ? caMaterial : pulumi.output(undefined);
    return pulumi.secret(
      pulumi.all([tokens, material, snapshots?.s3?.secretKey ?? ""]).apply(([t, m, s3SecretKey]) =>
        userData({
          hostname: spec.name,
          sshKeys,
          files: nodeFiles(spec, { ...settings, tokens: t, etcdSnapshots: snapshots && { ...snapshots, s3: snapshots.s3 && { ...snapshots.s3, secretKey: s3SecretKey } } }, m),
          k3sCommand: k3sCommand(spec.role),
        }),
      ),
    );
  }
}
