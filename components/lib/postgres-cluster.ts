import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "./capabilities";
import { KEPT_ON_DESTROY } from "./kept-on-destroy";
import { resources } from "./sizing";

/** The name CloudNativePG knows the Barman Cloud plugin by, in a Cluster's `plugins` and a backup's `pluginConfiguration`. */
export const BARMAN_CLOUD_PLUGIN = "barman-cloud.cloudnative-pg.io";

/** Where a Cluster archives its WAL and base backups: an `ObjectStore` of the Barman Cloud plugin in its namespace. */
export interface PostgresBackup {
  /** Name of the `ObjectStore` (barmancloud.cnpg.io) in the Cluster's namespace. */
  readonly objectStore: string;
}

export interface PostgresClusterArgs {
  /** Name of the Cluster; CloudNativePG names its Secrets and Services after it. */
  readonly name: string;
  readonly namespace: pulumi.Input<string>;
  /** Database created at bootstrap. */
  readonly database: string;
  /** Role that owns the database. @default the database's name */
  readonly owner?: string;
  /** Secret (`username`, `password`) holding the owner's credentials. @default one CloudNativePG generates, `<name>-app` */
  readonly ownerSecret?: string;
  /** Volume size, e.g. `2Gi`. */
  readonly size: string;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  /** PostgreSQL instances: one primary, the rest streaming replicas. @default 1 */
  readonly instances?: number;
  /** WAL archiving to an object store, which scheduled base backups use too. @default none */
  readonly backup?: PostgresBackup;
  /** Bootstrap from the backup of another (gone) Cluster in the same object store instead of an empty database. @default none */
  readonly recoverFrom?: { readonly cluster: string; readonly objectStore: string };
  /** The CloudNativePG operator's readiness (its webhook gate), which the Cluster needs. */
  readonly operator: pulumi.Resource;
  /** Anything else the Cluster waits for, such as its namespace. @default [] */
  readonly dependsOn?: readonly pulumi.Input<pulumi.Resource>[];
}

/** What a client needs: the Secret CloudNativePG writes (`uri`, `username`, `password`, …). */
export interface PostgresConnection {
  /** Secret `<name>-app`; its `uri` key is a full `postgresql://` connection URL. */
  readonly secretName: string;
  /** Read-write Service `<name>-rw`. */
  readonly host: string;
  /** The Cluster itself, for what must wait until it exists. */
  readonly cluster: pulumi.Resource;
}

/**
 * The pods of a Cluster: its instances and its bootstrap Jobs, which CloudNativePG labels
 * `cnpg.io/cluster: <name>` (cloudnative-pg `pkg/utils/labels_annotations.go`). Their
 * instance manager talks to the API server.
 */
export function postgresPods(clusterName: string): Record<string, string> {
  return { "cnpg.io/cluster": clusterName };
}

/** A Cluster's spec: its instances, volume, bootstrap and, when backed up, the Barman Cloud plugin as its WAL archiver. */
export function postgresClusterSpec(args: Omit<PostgresClusterArgs, "namespace" | "operator" | "dependsOn">): Record<string, unknown> {
  const owner = args.owner ?? args.database;
  return {
    instances: args.instances ?? 1,
    storage: { size: args.size, storageClass: args.storageClass },
    bootstrap: args.recoverFrom
      ? { recovery: { source: args.recoverFrom.cluster, database: args.database, owner, ...(args.ownerSecret && { secret: { name: args.ownerSecret } }) } }
      : { initdb: { database: args.database, owner, ...(args.ownerSecret && { secret: { name: args.ownerSecret } }) } },
    ...(args.recoverFrom && {
      externalClusters: [
        {
          name: args.recoverFrom.cluster,
          plugin: { name: BARMAN_CLOUD_PLUGIN, parameters: { barmanObjectName: args.recoverFrom.objectStore, serverName: args.recoverFrom.cluster } },
        },
      ],
    }),
    ...(args.backup && { plugins: [{ name: BARMAN_CLOUD_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: args.backup.objectStore } }] }),
    resources: resources(args.sizing, "medium"),
  };
}

/**
 * A PostgreSQL run by CloudNativePG. Kept on `pulumi destroy`: its volumes are owned by the
 * Cluster, so deleting it would delete the data.
 */
export function postgresCluster(args: PostgresClusterArgs, opts: Omit<pulumi.CustomResourceOptions, "dependsOn">): PostgresConnection {
  const cluster = new k8s.apiextensions.CustomResource(
    `${args.name}-postgres`,
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: args.name, namespace: args.namespace, annotations: KEPT_ON_DESTROY },
      spec: postgresClusterSpec(args),
    },
    { ...opts, retainOnDelete: true, dependsOn: [args.operator, ...(args.dependsOn ?? [])] },
  );
  return { secretName: args.ownerSecret ?? `${args.name}-app`, host: `${args.name}-rw`, cluster };
}
