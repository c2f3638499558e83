import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import type { CredentialSink } from "../lib/credentials";
import type { NamespaceLabel, NetworkAllow } from "../lib/platform-namespace";
import { BARMAN_CLOUD_PLUGIN, type PostgresBackup, postgresCluster, type PostgresClusterArgs, type PostgresConnection } from "../lib/postgres-cluster";
import { S3_CLIENT_LABEL } from "../system";
import { resources } from "../lib/sizing";

/** The Secret in a backed-up namespace that holds the `backups` bucket's key pair, and its keys. */
export const BACKUP_CREDENTIALS = { secretName: "backups-s3", accessKey: "ACCESS_KEY_ID", secretKey: "ACCESS_SECRET_KEY" } as const;

/** The `ObjectStore` every backed-up Cluster of a namespace archives to. */
export const OBJECT_STORE = "backups";

/** How base backups are taken and kept. */
export interface BackupPolicy {
  /** S3 API inside the cluster, e.g. `http://seaweedfs-s3.object-storage.svc:8333`. */
  readonly endpoint: string;
  /** Bucket the backups go to. */
  readonly bucket: string;
  /** How long backups and WAL are kept, in Barman's form: `7d`, `4w`, `6m`. */
  readonly retention: string;
  /** When base backups run: a cron expression with seconds, as CloudNativePG reads it. */
  readonly schedule: string;
}

/**
 * The plugin's `ObjectStore`: one per namespace, under `s3://<bucket>/<namespace>/`, where
 * Barman keeps each Cluster in a folder of its name. Retention applies to base backups and
 * the WAL they need; compression halves what S3 keeps for a few CPU seconds.
 */
export function objectStoreSpec(namespace: string, policy: BackupPolicy, sizing: SizingProfile): Record<string, unknown> {
  const credential = (key: string) => ({ name: BACKUP_CREDENTIALS.secretName, key });
  return {
    retentionPolicy: policy.retention,
    configuration: {
      destinationPath: `s3://${policy.bucket}/${namespace}/`,
      endpointURL: policy.endpoint,
      s3Credentials: { accessKeyId: credential(BACKUP_CREDENTIALS.accessKey), secretAccessKey: credential(BACKUP_CREDENTIALS.secretKey) },
      wal: { compression: "gzip" },
      data: { compression: "gzip" },
    },
    instanceSidecarConfiguration: { resources: resources(sizing, "small") },
  };
}

/**
 * A `ScheduledBackup` through the plugin. The first runs at once, so a new Cluster can be
 * restored before its first night; backups belong to the ScheduledBackup, whose removal
 * takes their records (not the files in S3, which retention removes) with it.
 */
export function scheduledBackupSpec(cluster: string, schedule: string): Record<string, unknown> {
  return {
    schedule,
    immediate: true,
    backupOwnerReference: "self",
    cluster: { name: cluster },
    method: "plugin",
    pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
  };
}

/**
 * Backups for the CloudNativePG Clusters of any layer, in their own namespaces: what the
 * data layer offers the layers after it, and uses for its own databases.
 */
export interface PostgresBackups {
  /** What a namespace with backed-up Clusters allows: the S3 API. */
  readonly allows: readonly NetworkAllow[];
  /** The label that lets the namespace in at the S3 API. */
  readonly optIns: readonly NamespaceLabel[];
  /** The namespace's `ObjectStore` and its credentials: Clusters archive to `backup` and wait for `ready`. */
  store(namespace: string, parent: pulumi.Resource, dependsOn: readonly pulumi.Resource[]): { readonly backup: PostgresBackup; readonly ready: pulumi.Resource };
  /** Scheduled base backups of one Cluster. */
  schedule(cluster: string, namespace: string, parent: pulumi.Resource, dependsOn: readonly pulumi.Resource[]): void;
}

export interface PostgresBackupsArgs {
  readonly policy: BackupPolicy;
  /** The bucket's key pair. */
  readonly credentials: { readonly accessKey: pulumi.Input<string>; readonly secretKey: pulumi.Input<string> };
  /** The Barman Cloud plugin's readiness (its CRD). */
  readonly plugin: pulumi.Resource;
  /** The CloudNativePG operator's readiness (its webhook gate), which ScheduledBackups need. */
  readonly operator: pulumi.Resource;
  readonly sizing: SizingProfile;
  /** Where each namespace's copy of the bucket's key pair is asked for. */
  readonly sink: CredentialSink;
}

/** `http://seaweedfs-s3.object-storage.svc:8333` → 8333. */
export function portOf(endpoint: string): number {
  const url = new URL(endpoint);
  return Number(url.port || (url.protocol === "https:" ? 443 : 80));
}

/** `http://seaweedfs-s3.object-storage.svc:8333` → `object-storage`. */
export function namespaceOf(endpoint: string): string {
  const [, namespace] = new URL(endpoint).hostname.split(".");
  if (!namespace) throw new Error(`the S3 endpoint ${endpoint} names no namespace (<service>.<namespace>.svc)`);
  return namespace;
}

/** Backups to one bucket with one policy, for every namespace that asks. */
export function postgresBackups(args: PostgresBackupsArgs): PostgresBackups {
  return {
    allows: [{ kind: "to-namespace", namespace: namespaceOf(args.policy.endpoint), ports: [portOf(args.policy.endpoint)] }],
    optIns: [S3_CLIENT_LABEL],
    store: (namespace, parent, dependsOn) => {
      const credentials = args.sink.request({
        resourceName: `${namespace}-backup-credentials`,
        secretName: BACKUP_CREDENTIALS.secretName,
        namespace,
        data: { [BACKUP_CREDENTIALS.accessKey]: args.credentials.accessKey, [BACKUP_CREDENTIALS.secretKey]: args.credentials.secretKey },
        parent,
        dependsOn,
      });
      const ready = new k8s.apiextensions.CustomResource(
        `${namespace}-object-store`,
        {
          apiVersion: "barmancloud.cnpg.io/v1",
          kind: "ObjectStore",
          metadata: { name: OBJECT_STORE, namespace },
          spec: objectStoreSpec(namespace, args.policy, args.sizing),
        },
        { parent, dependsOn: [args.plugin, ...dependsOn, credentials] },
      );
      return { backup: { objectStore: OBJECT_STORE }, ready };
    },
    schedule: (cluster, namespace, parent, dependsOn) => {
      new k8s.apiextensions.CustomResource(
        `${cluster}-scheduled-backup`,
        {
          apiVersion: "postgresql.cnpg.io/v1",
          kind: "ScheduledBackup",
          metadata: { name: `${cluster}-base-backup`, namespace },
          spec: scheduledBackupSpec(cluster, args.policy.schedule),
        },
        { parent, dependsOn: [args.operator, ...dependsOn] },
      );
    },
  };
}

/**
 * A namespace's one PostgreSQL, archived and backed up when backups are given: its
 * namespace's ObjectStore, the Cluster archiving to it, and its scheduled base backups.
 */
export function backedUpPostgresCluster(
  backups: PostgresBackups | undefined,
  args: PostgresClusterArgs & { readonly namespace: string; readonly dependsOn: readonly pulumi.Resource[] },
  parent: pulumi.Resource,
): PostgresConnection {
  const store = backups?.store(args.namespace, parent, args.dependsOn);
  const connection = postgresCluster({ ...args, backup: store?.backup, dependsOn: [...args.dependsOn, ...(store ? [store.ready] : [])] }, { parent });
  backups?.schedule(args.name, args.namespace, parent, [connection.cluster]);
  return connection;
}
