import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import type { CredentialSink } from "../lib/credentials";
import { type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { postgresCluster, postgresPods } from "../lib/postgres-cluster";
import { MONITORING_NAMESPACE } from "../platform";
import { CLOUDNATIVE_PG_NAMESPACE, CNPG_INSTANCE_MANAGER_PORT, CNPG_METRICS_PORT } from "../system";
import type { PostgresBackups } from "./postgres-backups";

/** Where the declared databases live. */
export const DATABASES_NAMESPACE = "databases";

const POSTGRES_PORT = 5432;

/** A database the stack file declares. */
export interface DatabaseSpec {
  /** The database's name, a PostgreSQL identifier; its Cluster is `pg-<name>` with `_` as `-`. */
  readonly name: string;
  /** Role that owns it, whose password is generated. */
  readonly owner: string;
  /** Volume per instance, e.g. `5Gi`. */
  readonly size: string;
  /** Instances: a primary and streaming replicas. */
  readonly instances: number;
  /** Extensions made present in it (`vector`, `pg_trgm`). */
  readonly extensions: readonly string[];
  /** Namespaces whose pods may connect. */
  readonly clients: readonly string[];
  /** A former database's Cluster to bootstrap from, out of the backups. @default none: an empty database */
  readonly restoreFrom?: string;
}

export interface PostgresDatabasesArgs {
  readonly databases: readonly DatabaseSpec[];
  /** Backups of every Cluster here; without them, nothing is archived. @default none */
  readonly backups?: PostgresBackups;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  /** The CloudNativePG operator's readiness (its webhook gate). */
  readonly operator: pulumi.Resource;
  readonly credentials: CredentialSink;
}

/** A database's connection, as the stack outputs show it. */
export interface DatabaseConnection {
  /** Read-write Service, `<cluster>-rw.databases.svc`. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username: string;
  /** Secret. */
  readonly password: pulumi.Output<string>;
}

/** `app_events` → `pg-app-events`: Kubernetes names take no `_`. */
export function clusterName(database: string): string {
  return `pg-${database.replaceAll("_", "-")}`;
}

/** What the namespace lets in: the operator, the granted clients, Prometheus, and the instances among themselves. */
export function databaseAllows(databases: readonly DatabaseSpec[]): NetworkAllow[] {
  const clients = [...new Set(databases.flatMap((d) => d.clients))].sort();
  return [
    // Replicas stream from their primary; bootstrap Jobs reach it too.
    { kind: "within-namespace" },
    { kind: "from-namespace", namespace: CLOUDNATIVE_PG_NAMESPACE, ports: [CNPG_INSTANCE_MANAGER_PORT] },
    ...clients.map((namespace) => ({ kind: "from-namespace", namespace, ports: [POSTGRES_PORT] }) as const),
    // Each instance's exporter, for Prometheus when the observability layer runs it.
    { kind: "from-namespace", namespace: MONITORING_NAMESPACE, ports: [CNPG_METRICS_PORT] },
    ...databases.map((d) => ({ kind: "api-server", pods: postgresPods(clusterName(d.name)) }) as const),
  ];
}

/**
 * The databases the stack file declares, one CloudNativePG Cluster each, in one namespace.
 * One Cluster per database rather than databases on a shared one: a restore brings back one
 * Cluster whole (Barman restores clusters, not databases), so one team's point-in-time
 * recovery never rolls back another's data; each gets its own size and instances; and a
 * database's failure or upgrade touches no other. The price is one PostgreSQL per database
 * (about 128 MiB on lean), which a homelab's handful of databases affords.
 */
export class PostgresDatabases extends pulumi.ComponentResource {
  /** Database name → how to connect. */
  readonly connections: Readonly<Record<string, DatabaseConnection>>;

  constructor(name: string, args: PostgresDatabasesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:data:PostgresDatabases", name, {}, opts);
    const backups = args.backups;
    const { namespace } = platformNamespace(
      DATABASES_NAMESPACE,
      {
        podSecurity: { level: "restricted" },
        allow: [...databaseAllows(args.databases), ...(backups?.allows ?? [])],
        optIns: backups?.optIns ?? [],
        holdsData: true,
      },
      { parent: this },
    );
    const store = backups?.store(DATABASES_NAMESPACE, this, [namespace]);
    this.connections = Object.fromEntries(args.databases.map((database) => [database.name, this.database(database, args, namespace, store)]));
    this.registerOutputs({ connections: this.connections });
  }

  /** One database: its owner's generated password, its Cluster, its extensions and its scheduled backup. */
  private database(
    spec: DatabaseSpec,
    args: PostgresDatabasesArgs,
    namespace: pulumi.Resource,
    store: ReturnType<PostgresBackups["store"]> | undefined,
  ): DatabaseConnection {
    const cluster = clusterName(spec.name);
    const password = new random.RandomPassword(`${cluster}-owner-password`, { length: 32, special: false }, { parent: this });
    const ownerSecret = args.credentials.request({
      resourceName: `${cluster}-owner`,
      secretName: `${cluster}-owner`,
      namespace: DATABASES_NAMESPACE,
      data: { username: spec.owner, password: password.result },
      parent: this,
      dependsOn: [namespace],
    });
    const { cluster: resource } = postgresCluster(
      {
        name: cluster,
        namespace: DATABASES_NAMESPACE,
        database: spec.name,
        owner: spec.owner,
        ownerSecret: `${cluster}-owner`,
        size: spec.size,
        storageClass: args.storageClass,
        sizing: args.sizing,
        instances: spec.instances,
        backup: store?.backup,
        recoverFrom: spec.restoreFrom === undefined || !store ? undefined : { cluster: spec.restoreFrom, objectStore: store.backup.objectStore },
        operator: args.operator,
        dependsOn: [namespace, ownerSecret, ...(store ? [store.ready] : [])],
      },
      { parent: this },
    );
    const afterCluster = { parent: this, dependsOn: [args.operator, resource] };
    if (spec.extensions.length > 0) {
      new k8s.apiextensions.CustomResource(
        `${cluster}-database`,
        {
          apiVersion: "postgresql.cnpg.io/v1",
          kind: "Database",
          metadata: { name: cluster, namespace: DATABASES_NAMESPACE },
          spec: databaseSpec(cluster, spec),
        },
        afterCluster,
      );
    }
    args.backups?.schedule(cluster, DATABASES_NAMESPACE, this, [resource]);
    return { host: `${cluster}-rw.${DATABASES_NAMESPACE}.svc`, port: POSTGRES_PORT, database: spec.name, username: spec.owner, password: password.result };
  }
}

/**
 * The `Database` that keeps the declared extensions present. Its reclaim policy keeps the
 * database when the object goes, as the Cluster is kept.
 */
export function databaseSpec(cluster: string, spec: DatabaseSpec): Record<string, unknown> {
  return {
    cluster: { name: cluster },
    name: spec.name,
    owner: spec.owner,
    databaseReclaimPolicy: "retain",
    extensions: spec.extensions.map((name) => ({ name, ensure: "present" })),
  };
}
