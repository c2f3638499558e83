import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "./capabilities";
import { KEPT_ON_DESTROY } from "./kept-on-destroy";
import { resources } from "./sizing";

export interface PostgresClusterArgs {
  /** Name of the Cluster; CloudNativePG names its Secrets and Services after it. */
  readonly name: string;
  readonly namespace: pulumi.Input<string>;
  /** Database (and its owner) created at bootstrap. */
  readonly database: string;
  /** Volume size, e.g. `2Gi`. */
  readonly size: string;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  /** The CloudNativePG operator's readiness (its webhook gate), which the Cluster needs. */
  readonly operator: pulumi.Resource;
  /** Anything else the Cluster waits for, such as its namespace. @default [] */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** What a client needs: the Secret CloudNativePG writes (`uri`, `username`, `password`, …). */
export interface PostgresConnection {
  /** Secret `<name>-app`; its `uri` key is a full `postgresql://` connection URL. */
  readonly secretName: string;
  /** Read-write Service `<name>-rw`. */
  readonly host: string;
}

/**
 * The pods of a Cluster: its instances and its bootstrap Jobs, which CloudNativePG labels
 * `cnpg.io/cluster: <name>` (cloudnative-pg `pkg/utils/labels_annotations.go`). Their
 * instance manager talks to the API server.
 */
export function postgresPods(clusterName: string): Record<string, string> {
  return { "cnpg.io/cluster": clusterName };
}

/**
 * A one-instance PostgreSQL run by CloudNativePG. Kept on `pulumi destroy`: its volumes are
 * owned by the Cluster, so deleting it would delete the data.
 */
export function postgresCluster(args: PostgresClusterArgs, opts: Omit<pulumi.CustomResourceOptions, "dependsOn">): PostgresConnection {
  new k8s.apiextensions.CustomResource(
    `${args.name}-postgres`,
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: args.name, namespace: args.namespace, annotations: KEPT_ON_DESTROY },
      spec: {
        instances: 1,
        storage: { size: args.size, storageClass: args.storageClass },
        bootstrap: { initdb: { database: args.database, owner: args.database } },
        resources: resources(args.sizing, "medium"),
      },
    },
    { ...opts, retainOnDelete: true, dependsOn: [args.operator, ...(args.dependsOn ?? [])] },
  );
  return { secretName: `${args.name}-app`, host: `${args.name}-rw` };
}
