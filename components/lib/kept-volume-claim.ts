import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { KEPT_ON_DESTROY } from "./kept-on-destroy";

export interface KeptVolumeClaimArgs {
  /** The claim's name in its namespace. */
  readonly claimName: string;
  readonly namespace: pulumi.Input<string>;
  /** A ReadWriteOnce StorageClass. */
  readonly storageClass: string;
  /** e.g. `20Gi` */
  readonly size: string;
  /** More annotations, e.g. the one that puts it in the volume backups. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * A ReadWriteOnce volume for data that matters: kept on `pulumi destroy` or a replacing
 * refactor, unlike a claim a chart makes, which goes with the chart.
 */
export function keptVolumeClaim(
  name: string,
  args: KeptVolumeClaimArgs,
  opts: Omit<pulumi.CustomResourceOptions, "retainOnDelete">,
): k8s.core.v1.PersistentVolumeClaim {
  return new k8s.core.v1.PersistentVolumeClaim(
    name,
    {
      metadata: { name: args.claimName, namespace: args.namespace, annotations: { ...args.annotations, ...KEPT_ON_DESTROY } },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: args.storageClass, resources: { requests: { storage: args.size } } },
    },
    { ...opts, retainOnDelete: true },
  );
}
