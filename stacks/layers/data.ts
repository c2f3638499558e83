import { ARANGODB_CHARTS, Data, DATA_CHARTS, type DataArgs, KAFKA_CHARTS, KEDA_CHARTS, VOLUME_BACKUP_CHARTS } from "../../components/data";
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
import { declaredKafka, type KafkaChecked, kafkaProblems } from "./kafka-config";

const DATA_KEYS = { data: dataSchema };

const backupCheck: CrossCheck<DataChecked> = { needs: ["data", "features", "objectStorage"], run: (c) => backupProblems(c) };
const kafkaCheck: CrossCheck<KafkaChecked> = { needs: ["data", "features", "sizing", "ingress"], run: (c) => kafkaProblems(c) };

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
      summary: "the data layer (declared PostgreSQL databases and their backups, Kafka)",
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
    // Reads the system layer's entry points, as the backup check reads its buckets.
    kafkaCheck as unknown as CrossCheck<ParsedLayerConfig<typeof DATA_KEYS, "data">>,
    { needs: ["data"], run: (c) => volumeBackupProblems(c.data.volumeBackups, c.data.backups.enabled) },
    // Another layer's switch: the catalog hands every check all the switches.
    { needs: ["data", "features"], run: (c) => (c.features.data ? kedaProblems(c.data.keda, (c.features as Readonly<Record<string, boolean>>).observability ?? false) : []) },
  ],
  charts: { ...DATA_CHARTS, ...KAFKA_CHARTS, ...KEDA_CHARTS, ...ARANGODB_CHARTS, ...VOLUME_BACKUP_CHARTS },
  needs: ["system"],
  build: ({ config, target, credentials, platform, opts }) => {
    const data = new Data(
      "data",
      {
        ...dataArgs(config, target, platform.system, platform.observability),
        kafka: kafkaArgs(config, target, platform),
        keda: kedaArgs(config, platform.observability),
        arangodb: arangodbArgs(config, target, platform),
        credentials,
      },
      opts,
    );
    return {
      provides: { postgresBackups: data.postgresBackups, scaling: data.scaling, volumeBackups: data.volumeBackups?.backups },
      outputs: {
        ...((data.kafkaUi?.login || data.arangodb) && {
          credentials: { ...(data.kafkaUi?.login && { "kafka-ui": data.kafkaUi.login }), ...(data.arangodb && { arangodb: data.arangodb.root }) },
        }),
        values: {
          /**
           * Each declared database: its in-cluster `host` and `port`, `database`, `username`
           * and `password` (secret).
           */
          databases: data.databases.connections,
          /**
           * Kafka, when it is on: `bootstrap` (`kafka.<domain>:<port>`, TLS with the platform CA,
           * SCRAM-SHA-512), the `brokers` it advertises, `inClusterBootstrap`, and each declared
           * user's `username` and `password` (secret).
           */
          ...(data.kafka && { kafka: data.kafka.endpoints }),
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
    "homelab with Kafka, its topics, users and clients": {
      ...BARE_METAL,
      ingress: { tcpEntryPoints: { kafka: 9094 } },
      data: {
        kafka: {
          enabled: true,
          storage: "20Gi",
          topics: [{ name: "orders", partitions: 6, retention: "7d" }, { name: "audit.events", replicas: 2 }],
          users: [
            { name: "shop", acls: [{ topic: "orders", access: "readwrite" }] },
            { name: "auditor", acls: [{ topic: "orders", access: "read" }, { topic: "audit.events", access: "write" }] },
          ],
          clients: ["shop"],
        },
      },
    },
    "minikube with Kafka and no single sign-on": {
      target: "minikube",
      domain: "homelab.test",
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
      features: { data: true, llm: false, sso: false },
      ingress: { tcpEntryPoints: { kafka: 9094 } },
      data: { backups: { enabled: false }, kafka: { enabled: true, topics: [{ name: "events" }], users: [{ name: "app", acls: [{ topic: "events", access: "write" }] }] } },
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

function kafkaArgs(config: LayerConfig<typeof DATA_KEYS, "data">, target: Target, platform: PlatformServices & { readonly system: System }): DataArgs["kafka"] {
  const { kafka } = config.data;
  const { system } = platform;
  // The checks passed: the entry point exists.
  const port = system.tcpEntryPoints[kafka.entryPoint];
  if (!kafka.enabled || port === undefined) return undefined;
  return {
    spec: declaredKafka(kafka, target.sizing, port),
    issuer: system.localIssuer,
    traefik: system.traefik.chart,
    prometheusOperator: platform.observability?.prometheusOperator,
    exposure: system.exposure,
    caCertificate: system.caCertificate,
    sso: platform.sso,
  };
}

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
