import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import { vmArgs, type NodeNetwork, type VmSpec } from "./proxmox-vm";

export interface K3sNodeArgs {
  /** Identity, placement and size of the VM. */
  readonly vm: VmSpec;
  readonly network: NodeNetwork;
  /** The node's cloud-init user-data; secret, since it holds the join token. */
  readonly userData: pulumi.Input<string>;
  /** The downloaded cloud image on the VM's Proxmox node. */
  readonly imageFileId: pulumi.Input<string>;
  /** Datastores for the VM disk and the user-data snippet. */
  readonly datastores: { readonly disks: string; readonly snippets: string };
  /** PCI resource mapping passed through to the VM; the GPU node only. @default none */
  readonly pciMapping?: pulumi.Input<string>;
}

/** One k3s node: its user-data uploaded as a Proxmox snippet, and the VM that boots with it. */
export class K3sNode extends pulumi.ComponentResource {
  readonly vm: proxmoxve.VmLegacy;
  /** The snippet, uploaded over SSH to the Proxmox node (the one thing that needs SSH). */
  readonly userData: proxmoxve.FileLegacy;

  constructor(name: string, args: K3sNodeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:metal:K3sNode", name, {}, opts);
    this.userData = new proxmoxve.FileLegacy(
      `${name}-user-data`,
      {
        nodeName: args.vm.proxmoxNode,
        datastoreId: args.datastores.snippets,
        contentType: "snippets",
        sourceRaw: { data: pulumi.secret(args.userData), fileName: `${name}-user-data.yaml` },
      },
      // New content replaces the snippet under the same file name: made first, the new file
      // would be overwritten in place and then removed with the old resource, leaving the VM
      // a snippet that no longer exists for its next cloud-init drive.
      { parent: this, deleteBeforeReplace: true },
    );
    this.vm = new proxmoxve.VmLegacy(
      `${name}-vm`,
      vmArgs(args.vm, args.network, {
        imageFileId: args.imageFileId,
        userDataFileId: this.userData.id,
        disksDatastore: args.datastores.disks,
        pciMapping: args.pciMapping,
      }),
      // The snippet's id is its path, which a new upload keeps; while it is replaced the id
      // is unknown, and a VM replaced for that would lose the node (the first server: etcd).
      { parent: this, ignoreChanges: ["initialization.userDataFileId"] },
    );
    this.registerOutputs({ vm: this.vm, userData: this.userData });
  }
}
