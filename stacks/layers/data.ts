import { ARANGODB_CHARTS, Data, DATA_CHARTS, type DataArgs, KEDA_CHARTS, VOLUME_BACKUP_CHARTS } from "../../components/data";
import type { Observability } from "../../components/platform";
import type { System } from "../../components/system";
import type { Target } from "../targets/target";
import type { PlatformServices } from "./platform-services";
import type { CrossCheck } from "../config-checks";
import { BACKUP_BUCKET, backupProblems, backupRetention, databaseProblems, type DataChecked, dataSchema, declaredDatabases } from "./data-config";
import { arangodbEnabled } from "./arangodb-config";
import { declaredScaledObjects, kedaProblems } from "./keda-config";
import { volumeBackupProblems, volumeBackupsEnabled } from "./volume-backups-config";
import { defineLayer, type LayerConfig, type ParsedLayerConfig } from "./layer";

const DATA_KEYS = { data: dataSchema };

const backupCheck: CrossCheck<DataChecked> = { needs: ["data", "features", "objectStorage"], run: (c) => backupProblems(c) };

const BARE_METAL = {
  target: "bare-metal",
  domain: "lab.home.arpa",
  cluster: { stack: "homelab-metal" },
  loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] },
} as const;

/**
 * Declared PostgreSQL databases, each a CloudNativePG Cluster, and WAL archiving with
 * scheduled backups to the platform's S3 for them and every later layer's Clusters.
 */
export const dataLayer = defineLayer({
  name: "data",
  features: {
    data: {
      summary: "the data layer (declared PostgreSQL databases and their backups)",
      // A PostgreSQL per database and the backup plugin: room a server has and a laptop's
      // minikube budget does not.
      default: (target) => target.capabilities.sizing === "full",
      keys: ["data"],
    },
  },
  switch: "data",
  config: DATA_KEYS,
  checks: [
    { needs: ["data"], run: (c) => databaseProblems(c.data) },
    // The bucket is the system layer's key, which every stack has: the catalog runs each
    // check over the whole parsed configuration, so this one may read it.
    backupCheck as unknown as CrossCheck<ParsedLayerConfig<typeof DATA_KEYS, "data">>,
    { needs: ["data"], run: (c) => volumeBackupProblems(c.data.volumeBackups, c.data.backups.enabled) },
    // Another layer's switch: the catalog hands every check all the switches.
    { needs: ["data", "features"], run: (c) => (c.features.data ? kedaProblems(c.data.keda, (c.features as Readonly<Record<string, boolean>>).observability ?? false) : []) },
  ],
  charts: { ...DATA_CHARTS, ...KEDA_CHARTS, ...ARANGODB_CHARTS, ...VOLUME_BACKUP_CHARTS },
  needs: ["system"],
  build: ({ config, target, credentials, platform, opts }) => {
    const data = new Data("data", { ...dataArgs(config, target, platform.system, platform.observability), keda: kedaArgs(config, platform.observability), arangodb: arangodbArgs(config, target, platform), credentials }, opts);
    return {
      provides: { postgresBackups: data.postgresBackups, scaling: data.scaling, volumeBackups: data.volumeBackups?.backups },
      outputs: {
        ...(data.arangodb && { credentials: { arangodb: data.arangodb.root } }),
        values: {
          /**
           * Each declared database: its in-cluster `host` and `port`, `database`, `username`
           * and `password` (secret).
           */
          databases: data.databases.connections,
          /** With volume backups: `repositoryPassword` (secret), which restic asks for in a restore by hand. */
          ...(data.volumeBackups && { volumeBackups: { repositoryPassword: data.volumeBackups.repositoryPassword } }),
        },
      },
    };
  },
  examples: {
    "homelab with databases, extensions, clients and a restore": {
      ...BARE_METAL,
      data: {
        databases: [
          { name: "orders", size: "10Gi", instances: { full: 3 }, extensions: ["pg_trgm"], clients: ["shop"] },
          { name: "orders_restored", owner: "orders", restoreFrom: "pg-orders" },
        ],
        backups: { schedule: "0 30 2 * * *", retention: "8w" },
      },
    },
    "homelab with KEDA scaling a declared workload and a sleeping Ollama": {
      ...BARE_METAL,
      llm: { ollamaIdleMinutes: 30 },
      data: {
        keda: {
          scaledObjects: [
            {
              name: "worker",
              namespace: "shop",
              target: { name: "shop-worker" },
              minReplicas: 0,
              maxReplicas: 4,
              triggers: [
                { prometheus: { query: 'sum(rate(http_requests_total{namespace="shop"}[2m]))', threshold: 50 } },
                { cron: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 18 * * 1-5", desiredReplicas: 1 } },
              ],
            },
          ],
        },
      },
    },
    "minikube with a database and no backups": {
      target: "minikube",
      domain: "homelab.test",
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
      features: { data: true, llm: false },
      data: { databases: [{ name: "notes" }], backups: { enabled: false }, arangodb: { enabled: true } },
    },
  },
});

function dataArgs(config: LayerConfig<typeof DATA_KEYS, "data">, target: Target, system: System, observability: Observability | undefined): Omit<DataArgs, "credentials"> {
  const objectStorage = system.objectStorage;
  const bucket = objectStorage?.buckets[BACKUP_BUCKET];
  // The checks passed: with backups on, the S3 server and its bucket exist.
  const backups =
    config.data.backups.enabled && objectStorage && bucket
      ? {
          policy: {
            endpoint: objectStorage.inClusterEndpoint,
            bucket: BACKUP_BUCKET,
            retention: backupRetention(config.data, target.sizing),
            schedule: config.data.backups.schedule,
          },
          credentials: bucket,
        }
      : undefined;
  const { volumeBackups } = config.data;
  return {
    databases: declaredDatabases(config.data, target.sizing),
    backups,
    volumeBackups:
      backups && volumeBackupsEnabled(volumeBackups, true)
        ? {
            policy: { endpoint: backups.policy.endpoint, bucket: BACKUP_BUCKET, schedule: volumeBackups.schedule, keep: volumeBackups.keep },
            credentials: backups.credentials,
            prometheus: observability && { operator: observability.prometheusOperator, namespace: observability.namespace },
          }
        : undefined,
    storageClass: target.storage.rwo.className,
    sizing: target.sizing,
    postgresOperator: system.cloudnativePg.ready,
    certManager: system.certManagerReady,
  };
}

/** KEDA when it is on, querying and scraped by the observability layer's Prometheus when that runs. */
function kedaArgs(config: LayerConfig<typeof DATA_KEYS, "data">, observability: Observability | undefined): DataArgs["keda"] {
  const { keda } = config.data;
  if (!keda.enabled) return undefined;
  const prometheus = observability && {
    url: observability.urls.prometheus,
    namespace: observability.namespace,
    port: Number(new URL(observability.urls.prometheus).port),
    operator: observability.prometheusOperator,
  };
  return { prometheus, scaledObjects: declaredScaledObjects(keda) };
}

/** ArangoDB when it is on, its UI on the shared Gateway, scraped when observability runs. */
function arangodbArgs(config: LayerConfig<typeof DATA_KEYS, "data">, target: Target, platform: PlatformServices & { readonly system: System }): DataArgs["arangodb"] {
  if (!arangodbEnabled(config.data.arangodb, target.sizing)) return undefined;
  const { observability } = platform;
  return {
    size: config.data.arangodb.size,
    exposure: platform.system.exposure,
    prometheus: observability && { operator: observability.prometheusOperator, namespace: observability.namespace },
  };
}
