import { Data, DATA_CHARTS, type DataArgs, KAFKA_CHARTS } from "../../components/data";
import type { System } from "../../components/system";
import type { Target } from "../targets/target";
import type { CrossCheck } from "../config-checks";
import { BACKUP_BUCKET, backupProblems, backupRetention, databaseProblems, type DataChecked, dataSchema, declaredDatabases } from "./data-config";
import { defineLayer, type LayerConfig, type ParsedLayerConfig } from "./layer";
import { declaredKafka, type KafkaChecked, kafkaProblems } from "./kafka-config";
import type { PlatformServices } from "./platform-services";

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
  ],
  charts: { ...DATA_CHARTS, ...KAFKA_CHARTS },
  needs: ["system"],
  build: ({ config, target, credentials, platform, opts }) => {
    const data = new Data("data", { ...dataArgs(config, target, platform.system), kafka: kafkaArgs(config, target, platform), credentials }, opts);
    return {
      provides: { postgresBackups: data.postgresBackups },
      outputs: {
        ...(data.kafkaUi?.login && { credentials: { "kafka-ui": data.kafkaUi.login } }),
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
    "minikube with a database and no backups": {
      target: "minikube",
      domain: "homelab.test",
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
      features: { data: true, llm: false },
      data: { databases: [{ name: "notes" }], backups: { enabled: false } },
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

function dataArgs(config: LayerConfig<typeof DATA_KEYS, "data">, target: Target, system: System): Omit<DataArgs, "credentials"> {
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
  return {
    databases: declaredDatabases(config.data, target.sizing),
    backups,
    storageClass: target.storage.rwo.className,
    sizing: target.sizing,
    postgresOperator: system.cloudnativePg.ready,
    certManager: system.certManagerReady,
  };
}
