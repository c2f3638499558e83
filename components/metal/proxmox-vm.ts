import type * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import type * as pulumi from "@pulumi/pulumi";
import type { NodeRole } from "./k3s-config";

/** The arguments of one node's Proxmox VM, decided here so they can be checked without an engine. */

/** How every node is attached to the network. */
export interface NodeNetwork {
  /** Prefix length of the nodes' network, for static addresses. */
  readonly prefixLength: number;
  /** Default gateway; required unless `dhcp`. */
  readonly gateway?: string;
  /** DNS servers. @default the gateway */
  readonly dns?: readonly string[];
  /** Proxmox bridge the NIC is plugged into. @default "vmbr0" */
  readonly bridge: string;
  /** VLAN tag on the bridge port; untagged when absent. */
  readonly vlan?: number;
  /** The address comes from a DHCP reservation for the node's MAC. @default false */
  readonly dhcp: boolean;
}

/** One VM: its identity, where it runs and how big it is. */
export interface VmSpec {
  /** VM name, host name and Kubernetes node name. */
  readonly name: string;
  /** Proxmox VM id. */
  readonly vmId: number;
  readonly role: NodeRole;
  /** The node's IPv4 address: static, or reserved for `mac` in DHCP. */
  readonly address: string;
  /** NIC MAC address; Proxmox picks one when absent. */
  readonly mac?: string;
  /** The Proxmox node that runs the VM. */
  readonly proxmoxNode: string;
  readonly cores: number;
  readonly memoryMb: number;
  /** Size of the system disk, grown from the cloud image's. */
  readonly diskGb: number;
}

/** What the VM is made from: the imported image, its user-data snippet and storage. */
export interface VmSources {
  /** `<datastore>:import/<file>` of the downloaded cloud image. */
  readonly imageFileId: pulumi.Input<string>;
  /** `<datastore>:snippets/<file>` of the node's user-data. */
  readonly userDataFileId: pulumi.Input<string>;
  /** Datastore for the disk and the cloud-init drive. */
  readonly disksDatastore: string;
  /** Name of the PCI resource mapping to pass through (the GPU node only). */
  readonly pciMapping?: pulumi.Input<string>;
}

export function vmArgs(spec: VmSpec, network: NodeNetwork, sources: VmSources): proxmoxve.VmLegacyArgs {
  return {
    nodeName: spec.proxmoxNode,
    vmId: spec.vmId,
    name: spec.name,
    description: `homelab k3s ${spec.role}; managed by Pulumi`,
    // Proxmox stores tags sorted; sorted here they never show as a change.
    tags: ["homelab", "k3s", spec.role].sort(),
    // PCIe passthrough needs the q35 chipset; the others keep Proxmox's default.
    ...(sources.pciMapping !== undefined && {
      machine: "q35",
      hostpcis: [{ device: "hostpci0", mapping: sources.pciMapping, pcie: true, rombar: true }],
    }),
    cpu: { type: "host", cores: spec.cores },
    // No ballooning: passthrough needs all memory pinned, and Kubernetes plans with fixed memory.
    memory: { dedicated: spec.memoryMb, floating: 0 },
    agent: { enabled: true, trim: true },
    operatingSystem: { type: "l26" },
    scsiHardware: "virtio-scsi-single",
    disks: [
      {
        interface: "scsi0",
        datastoreId: sources.disksDatastore,
        importFrom: sources.imageFileId,
        size: spec.diskGb,
        discard: "on",
        iothread: true,
        ssd: true,
      },
    ],
    networkDevices: [
      {
        model: "virtio",
        bridge: network.bridge,
        ...(network.vlan !== undefined && { vlanId: network.vlan }),
        ...(spec.mac !== undefined && { macAddress: spec.mac }),
      },
    ],
    // Cloud images log to a serial console.
    serialDevices: [{ device: "socket" }],
    vga: { type: "serial0" },
    initialization: {
      datastoreId: sources.disksDatastore,
      ipConfigs: [{ ipv4: network.dhcp ? { address: "dhcp" } : { address: `${spec.address}/${network.prefixLength}`, gateway: network.gateway } }],
      ...(dnsServers(network).length > 0 && { dns: { servers: dnsServers(network) } }),
      userDataFileId: sources.userDataFileId,
    },
    onBoot: true,
    started: true,
    // Nothing on a node is worth a graceful shutdown when the cluster is being destroyed.
    stopOnDestroy: true,
  };
}

function dnsServers(network: NodeNetwork): string[] {
  if (network.dns) return [...network.dns];
  return network.gateway ? [network.gateway] : [];
}
