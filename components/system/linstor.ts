import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { resources } from "../lib/sizing";
import { WebhookGate } from "../lib/webhook-gate";

/**
 * The Piraeus operator release. Its manifest brings the operator, its CRDs, its webhook
 * certificate generator and the privileged `piraeus-datastore` namespace; DRBD replicates
 * between nodes over the host network, which a namespace NetworkPolicy would not see.
 */
// Second source: public installs apply this very release asset (`releases/download/v2.11.0/
// manifest.yaml`, one noting that it makes the namespace privileged). The library's copy of
// the upstream repository stops at v2.6.0, so the asset is confirmed by those installs only;
// `storage.piraeusManifest` replaces the URL without a code change.
export const PIRAEUS_VERSION = "v2.11.0";
export const PIRAEUS_MANIFEST_URL = `https://github.com/piraeusdatastore/piraeus-operator/releases/download/${PIRAEUS_VERSION}/manifest.yaml`;
const NAMESPACE = "piraeus-datastore";

export interface LinstorArgs {
  /** StorageClass of replicated volumes. */
  readonly className: string;
  /** Copies of each volume, on different nodes. @default 2 */
  readonly replicas?: number;
  readonly sizing: SizingProfile;
  /** The operator's release manifest. @default {@link PIRAEUS_MANIFEST_URL} */
  readonly operatorManifest?: string;
}

/**
 * Chart values for the cluster: a thin-provisioned file pool on each node's own disk (no
 * extra disk needed), and the default StorageClass placing every volume on `replicas` nodes.
 * Fields checked against the operator's v2 API (`controller.podTemplate`,
 * `storagePools[].fileThinPool.directory`, containers `linstor-controller` and
 * `linstor-satellite`) and its replicated-volumes tutorial (`storagePool`, `placementCount`).
 */
export function linstorClusterValues(args: LinstorArgs) {
  const podResources = (container: string, size: "small" | "medium") => ({
    podTemplate: { spec: { containers: [{ name: container, resources: resources(args.sizing, size) }] } },
  });
  return {
    linstorCluster: { controller: podResources("linstor-controller", "medium") },
    linstorSatelliteConfigurations: [
      {
        name: "file-thin",
        storagePools: [{ name: "pool1", fileThinPool: { directory: "/var/lib/piraeus-datastore/pool1" } }],
        ...podResources("linstor-satellite", "medium"),
      },
    ],
    storageClasses: [
      {
        name: args.className,
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        parameters: {
          "linstor.csi.linbit.com/storagePool": "pool1",
          // The CSI driver reads every parameter as a string.
          "linstor.csi.linbit.com/placementCount": String(args.replicas ?? 2),
        },
      },
    ],
  };
}

/** Piraeus/LINSTOR: replicated block volumes, so a pod's data survives the loss of a node. */
export class Linstor extends pulumi.ComponentResource {
  constructor(name: string, args: LinstorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:Linstor", name, {}, opts);
    const operator = new k8s.yaml.v2.ConfigFile(`${name}-operator`, { file: args.operatorManifest ?? PIRAEUS_MANIFEST_URL }, { parent: this });
    // The cluster chart is made of the operator's custom resources, which its webhook checks.
    const gate = new WebhookGate(
      `${name}-webhook-gate`,
      {
        webhook: "vlinstorsatelliteconfiguration.kb.io",
        namespace: NAMESPACE,
        // The manifest makes the namespace.
        namespaceResource: operator,
        // Not a LinstorCluster: the cluster has exactly one, and a second could be refused.
        probe: { apiVersion: "piraeus.io/v1", kind: "LinstorSatelliteConfiguration", resource: "linstorsatelliteconfigurations", namespaced: false, spec: {} },
        operator,
        operatorVersion: PIRAEUS_VERSION,
        sizing: args.sizing,
      },
      { parent: this },
    );
    installChart(
      name,
      SYSTEM_CHARTS.linstorCluster,
      { namespace: NAMESPACE, values: linstorClusterValues(args) },
      { parent: this, dependsOn: [gate] },
    );
    this.registerOutputs({});
  }
}
