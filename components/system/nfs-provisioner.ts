import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";

export interface NfsProvisionerArgs {
  /** StorageClass of ReadWriteMany volumes. */
  readonly className: string;
  /** Host name or address of the NFS server. */
  readonly server: string;
  /** Exported path; each volume becomes a subdirectory. */
  readonly path: string;
  readonly sizing: SizingProfile;
}

/** Chart values: a deleted volume's directory is archived, not removed, so nothing is lost by mistake. */
export function nfsProvisionerValues(args: NfsProvisionerArgs) {
  return {
    nfs: { server: args.server, path: args.path },
    storageClass: { name: args.className, defaultClass: false, archiveOnDelete: true },
    resources: resources(args.sizing, "tiny"),
  };
}

/** ReadWriteMany volumes as subdirectories of an existing NFS export. */
export class NfsProvisioner extends pulumi.ComponentResource {
  constructor(name: string, args: NfsProvisionerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:NfsProvisioner", name, {}, opts);
    const { namespace } = platformNamespace(
      "nfs-provisioner",
      {
        podSecurity: { level: "baseline", reason: "the provisioner mounts the NFS export as an nfs volume, which restricted forbids" },
        allow: [{ kind: "api-server" }],
      },
      { parent: this },
    );
    installChart(name, SYSTEM_CHARTS.nfsProvisioner, { namespace: "nfs-provisioner", values: nfsProvisionerValues(args) }, { parent: this, dependsOn: [namespace] });
    this.registerOutputs({});
  }
}
