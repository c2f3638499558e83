import { z } from "zod";
import type { SizingProfile } from "../../components/lib/capabilities";
import { clusterName, type DatabaseSpec } from "../../components/data";
import { strict } from "../config-fields";
import { configKey, show } from "../config-problems";
import { kafkaSchema } from "./kafka-config";
import { arangodbSchema } from "./arangodb-config";
import { kedaSchema } from "./keda-config";
import { volumeBackupsSchema } from "./volume-backups-config";

/**
 * The data layer's part of the stack configuration (`homelab:data`): the PostgreSQL
 * databases it runs and how they are backed up. `stacks/config.ts` composes it into the one
 * schema.
 */

/** A PostgreSQL identifier that needs no quoting, short enough for the Cluster's Kubernetes names. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,39}$/;
const identifier = (what: string) =>
  z.string().regex(IDENTIFIER, { error: (i) => `expected ${what} of lower-case letters, digits and '_' (at most 40, not starting with a digit); got ${show(i.input)}` });

const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Barman's retention: a number of days, weeks or months. */
const RETENTION = /^[1-9]\d*[dwm]$/;

/** CloudNativePG's cron: six fields, seconds first. */
const SCHEDULE = /^\S+( \S+){5}$/;

const instances = z.number().int().min(1).max(5);

const database = strict({
  /** The database's name; its Cluster is `pg-<name>` (with `_` as `-`). */
  name: identifier("a database name"),
  /** The role that owns it. @default the database's name */
  owner: identifier("a role name").optional(),
  /** Volume per instance. */
  size: z
    .string()
    .regex(/^\d+(Mi|Gi|Ti)$/, { error: (i) => `expected a size such as 5Gi; got ${show(i.input)}` })
    .default("5Gi"),
  /** Instances by sizing profile: a primary, and streaming replicas beyond one. */
  instances: strict({ lean: instances.default(1), full: instances.default(2) }).prefault({}),
  /** Extensions made present in the database. */
  extensions: z.array(identifier("an extension name")).default([]),
  /** Namespaces whose pods may connect; every other is refused. */
  clients: z.array(z.string().regex(NAMESPACE, { error: (i) => `expected a namespace name; got ${show(i.input)}` })).default([]),
  /** The Cluster of a former database (`pg-<name>`) to bootstrap from its backups, instead of an empty database. @default none */
  restoreFrom: z
    .string()
    .regex(/^pg-[a-z0-9-]+$/, { error: (i) => `expected a Cluster name such as pg-orders; got ${show(i.input)}` })
    .optional(),
});

const backups = strict({
  /** WAL archiving and scheduled base backups of every PostgreSQL this layer runs, to the `backups` bucket. */
  enabled: z.boolean().default(true),
  /** When base backups run: cron with seconds first, as CloudNativePG reads it. */
  schedule: z
    .string()
    .regex(SCHEDULE, { error: (i) => `expected a cron expression of six fields, seconds first, such as "0 0 3 * * *"; got ${show(i.input)}` })
    .default("0 0 3 * * *"),
  /** How long backups are kept (`14d`, `4w`, `3m`). @default 7d on lean, 30d on full */
  retention: z
    .string()
    .regex(RETENTION, { error: (i) => `expected a retention such as 7d, 4w or 3m (days, weeks, months); got ${show(i.input)}` })
    .optional(),
}).prefault({});

export const dataSchema = strict({
  /** PostgreSQL databases, one CloudNativePG Cluster each. */
  databases: z.array(database).default([]),
  backups,
  /** Strimzi, a KRaft Kafka cluster, its topics and users, and Kafka UI. */
  kafka: kafkaSchema,
  /** KEDA and ScaledObjects for people's own workloads (see keda-config.ts). */
  keda: kedaSchema,
  /** ArangoDB (see arangodb-config.ts). */
  arangodb: arangodbSchema,
  /** Backups of kept volumes no database owns (see volume-backups-config.ts). */
  volumeBackups: volumeBackupsSchema,
}).prefault({});

export type DataConfig = z.output<typeof dataSchema>;

/** Kept backups when the stack file says nothing: a week where room is short, a month on a server. */
const DEFAULT_RETENTION: Readonly<Record<SizingProfile, string>> = { lean: "7d", full: "30d" };

export function backupRetention(data: DataConfig, sizing: SizingProfile): string {
  return data.backups.retention ?? DEFAULT_RETENTION[sizing];
}

/** The declared databases as the components take them, for this sizing profile. */
export function declaredDatabases(data: DataConfig, sizing: SizingProfile): DatabaseSpec[] {
  return data.databases.map((d) => ({
    name: d.name,
    owner: d.owner ?? d.name,
    size: d.size,
    instances: d.instances[sizing],
    extensions: d.extensions,
    clients: d.clients,
    restoreFrom: d.restoreFrom,
  }));
}

/** The bucket backups go to; the system layer makes it when it is listed. */
export const BACKUP_BUCKET = "backups";

/** What the backup check reads: this layer's key, the switches, and the system layer's buckets. */
export interface DataChecked {
  readonly data: DataConfig;
  readonly features: Readonly<Record<string, boolean>>;
  readonly objectStorage: { readonly buckets: readonly string[] };
}

/** Databases that clash by name, and restores from a database's own Cluster. */
export function databaseProblems(data: DataConfig): string[] {
  return data.databases.flatMap((d, i) => {
    const first = data.databases.findIndex((o) => o.name === d.name);
    if (first !== i) return [`${configKey(["data", "databases", i, "name"])}: "${d.name}" is declared twice (first as data.databases[${first}])`];
    if (d.restoreFrom === clusterName(d.name)) {
      return [`${configKey(["data", "databases", i, "restoreFrom"])}: "${d.restoreFrom}" is this database's own Cluster; a restore makes a new Cluster, so give the database a new name`];
    }
    return [];
  });
}

/** Backups without the S3 they go to, and restores without the backups they read. */
export function backupProblems(config: DataChecked): string[] {
  const key = configKey(["data", "backups", "enabled"]);
  if (!config.features.data) return [];
  if (!config.data.backups.enabled) {
    const restoring = config.data.databases.findIndex((d) => d.restoreFrom !== undefined);
    return restoring < 0 ? [] : [`${configKey(["data", "databases", restoring, "restoreFrom"])}: restores read the backups; turn data.backups.enabled back on`];
  }
  if (!config.features.objectStorage) {
    return [`${key}: backups go to the platform's S3, but features.objectStorage is off; turn it on, or set data.backups.enabled to false`];
  }
  if (!config.objectStorage.buckets.includes(BACKUP_BUCKET)) {
    return [`${configKey(["objectStorage", "buckets"])}: backups are on (data.backups.enabled) but the "${BACKUP_BUCKET}" bucket is not listed; add it`];
  }
  return [];
}
