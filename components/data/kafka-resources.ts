import type { SizingProfile } from "../lib/capabilities";
import type { ResourceRequirements } from "../lib/sizing";

/**
 * The Strimzi custom resources of the platform's Kafka cluster, as plain values: the
 * `Kafka`, its node pool, the declared topics and users. The component makes them.
 */

/** Where the cluster, its topics, users and credentials live. */
export const KAFKA_NAMESPACE = "kafka";
/** The `Kafka` resource's name: pods are `kafka-<pool>-<id>`, Services `kafka-kafka-*`. */
export const KAFKA_CLUSTER = "kafka";
/** The one node pool: every node is controller and broker (KRaft combined mode). */
export const KAFKA_POOL = "dual";
/** Where Kafka UI runs; the cluster lets it in on the in-cluster listener. */
export const KAFKA_UI_NAMESPACE = "kafka-ui";
/** The user Kafka UI connects as. */
export const KAFKA_UI_USER = "kafka-ui";

/** Listener ports inside the pods. */
export const KAFKA_PORTS = {
  /** KRaft controllers' quorum. */
  controller: 9090,
  /** Replication between brokers and the operators' own connections (mutual TLS). */
  replication: 9091,
  /** In-cluster clients: TLS with the platform CA, SCRAM-SHA-512. */
  internal: 9093,
  /** LAN clients, through Traefik's TCP entry point with TLS passed through. */
  external: 9094,
  /** The Kafka agent the cluster operator asks for a broker's state. */
  agent: 8443,
  /** Strimzi's metrics reporter. */
  metrics: 9404,
} as const;

/** The Secret cert-manager keeps the listeners' certificate in. */
export const LISTENER_CERTIFICATE_SECRET = "kafka-listener-tls";

/** The in-cluster bootstrap address. */
export const INTERNAL_BOOTSTRAP = `${KAFKA_CLUSTER}-kafka-bootstrap.${KAFKA_NAMESPACE}.svc:${KAFKA_PORTS.internal}`;

export type TopicAccess = "read" | "write" | "readwrite";

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** Copies of each partition, at most the brokers. */
  readonly replicas: number;
  /** How long records are kept. @default the brokers' */
  readonly retentionMs?: number;
}

export interface UserSpec {
  /** SCRAM-SHA-512 user name. */
  readonly name: string;
  readonly acls: readonly { readonly topic: string; readonly access: TopicAccess }[];
}

/** The cluster the stack file declares. */
export interface KafkaSpec {
  /** Nodes, each controller and broker. */
  readonly brokers: number;
  /** Volume per node, e.g. `10Gi`. */
  readonly storage: string;
  readonly topics: readonly TopicSpec[];
  readonly users: readonly UserSpec[];
  /** Namespaces whose pods may connect to the in-cluster listener. */
  readonly clients: readonly string[];
  /** Traefik's TCP entry point for LAN clients. */
  readonly entryPoint: { readonly name: string; readonly port: number };
}

/** Host names LAN clients connect to: the bootstrap and each broker's advertised name. */
export interface KafkaHosts {
  readonly bootstrap: string;
  /** Broker id → host. */
  readonly brokers: readonly string[];
}

/**
 * `kafka.<domain>` bootstraps. A single broker advertises that same name, so a laptop needs
 * one name resolved; with several, each advertises `kafka-<id>.<domain>`, which Traefik
 * tells apart by the TLS server name.
 */
export function kafkaHosts(domain: string, brokers: number): KafkaHosts {
  const bootstrap = `kafka.${domain}`;
  return { bootstrap, brokers: Array.from({ length: brokers }, (_, id) => (brokers === 1 ? bootstrap : `kafka-${id}.${domain}`)) };
}

/** Every name the listeners' certificate must hold: the LAN names and the in-cluster Services. */
export function listenerDnsNames(hosts: KafkaHosts): string[] {
  const inCluster = [`${KAFKA_CLUSTER}-kafka-bootstrap`, `*.${KAFKA_CLUSTER}-kafka-brokers`].flatMap((name) => [
    `${name}.${KAFKA_NAMESPACE}.svc`,
    `${name}.${KAFKA_NAMESPACE}.svc.cluster.local`,
  ]);
  return [...new Set([hosts.bootstrap, ...hosts.brokers])].concat(inCluster);
}

/** Per node, by profile: the JVM heap is half the memory, the rest is page cache. */
const NODE_SIZES: Readonly<Record<SizingProfile, { readonly resources: ResourceRequirements; readonly heap: string }>> = {
  lean: { resources: { requests: { cpu: "200m", memory: "1Gi" }, limits: { cpu: "2", memory: "1Gi" } }, heap: "512m" },
  full: { resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "4", memory: "2Gi" } }, heap: "1g" },
};

/** Replication of the brokers' own topics: every broker up to three, two in sync where there are three. */
function internalReplication(brokers: number) {
  const replicas = Math.min(brokers, 3);
  const inSync = Math.min(replicas, 2);
  return {
    "offsets.topic.replication.factor": replicas,
    "transaction.state.log.replication.factor": replicas,
    "transaction.state.log.min.isr": inSync,
    "default.replication.factor": replicas,
    "min.insync.replicas": inSync,
  };
}

const SCRAM = { type: "scram-sha-512" } as const;
const LISTENER_CERTIFICATE = { secretName: LISTENER_CERTIFICATE_SECRET, certificate: "tls.crt", key: "tls.key" };

/**
 * The `Kafka`: KRaft with its nodes in a pool, TLS listeners with the platform CA's
 * certificate (in the cluster, and `cluster-ip` Services Traefik passes the LAN's TLS
 * to), SCRAM users with ACLs, no topics made by accident, Strimzi's metrics reporter, and
 * the entity operator that turns KafkaTopics and KafkaUsers into the real thing.
 */
export function kafkaSpec(spec: KafkaSpec, hosts: KafkaHosts, entityResources: ResourceRequirements): Record<string, unknown> {
  return {
    kafka: {
      listeners: [
        { name: "tls", port: KAFKA_PORTS.internal, type: "internal", tls: true, authentication: SCRAM, configuration: { brokerCertChainAndKey: LISTENER_CERTIFICATE } },
        {
          name: "external",
          port: KAFKA_PORTS.external,
          type: "cluster-ip",
          tls: true,
          authentication: SCRAM,
          configuration: {
            brokerCertChainAndKey: LISTENER_CERTIFICATE,
            brokers: hosts.brokers.map((advertisedHost, broker) => ({ broker, advertisedHost, advertisedPort: spec.entryPoint.port })),
          },
        },
      ],
      authorization: { type: "simple" },
      config: { ...internalReplication(spec.brokers), "auto.create.topics.enable": false },
      metricsConfig: { type: "strimziMetricsReporter", values: { allowList: ["kafka_server.*", "kafka_network.*", "kafka_log.*", "kafka_controller.*", "kafka_cluster.*"] } },
    },
    entityOperator: {
      topicOperator: { resources: entityResources },
      userOperator: { resources: entityResources },
    },
  };
}

/** Volume claims Strimzi looks for, one per node: made beforehand by the platform, so they are kept. */
export function nodeClaimNames(brokers: number): string[] {
  return Array.from({ length: brokers }, (_, id) => `data-${KAFKA_CLUSTER}-${KAFKA_POOL}-${id}`);
}

/** The node pool: every node controller and broker, on the claims the platform keeps. */
export function nodePoolSpec(spec: KafkaSpec, storageClass: string, sizing: SizingProfile): Record<string, unknown> {
  const { resources, heap } = NODE_SIZES[sizing];
  return {
    replicas: spec.brokers,
    roles: ["controller", "broker"],
    // Strimzi adopts the claim of the name it would give; deleteClaim false keeps it when the pool goes.
    storage: { type: "persistent-claim", size: spec.storage, class: storageClass, deleteClaim: false },
    resources,
    jvmOptions: { "-Xms": heap, "-Xmx": heap },
  };
}

/** A declared topic; at least two copies in sync where it has three. */
export function topicSpec(topic: TopicSpec): Record<string, unknown> {
  return {
    partitions: topic.partitions,
    replicas: topic.replicas,
    config: {
      "min.insync.replicas": Math.min(topic.replicas, 2),
      ...(topic.retentionMs !== undefined && { "retention.ms": topic.retentionMs }),
    },
  };
}

/** Kafka operations each access grants on its topic. */
const TOPIC_OPERATIONS: Readonly<Record<TopicAccess, readonly string[]>> = {
  read: ["Read", "Describe"],
  write: ["Write", "Describe"],
  readwrite: ["Read", "Write", "Describe"],
};

/**
 * A user's ACLs: its topics, and for a reader the consumer groups whose names start with
 * the user's, so two users never share (or disturb) a group.
 */
export function userAcls(user: UserSpec): Record<string, unknown>[] {
  const topics = user.acls.map((acl) => ({ resource: { type: "topic", name: acl.topic, patternType: "literal" }, operations: [...TOPIC_OPERATIONS[acl.access]] }));
  const reads = user.acls.some((acl) => acl.access !== "write");
  return reads ? [...topics, { resource: { type: "group", name: user.name, patternType: "prefix" }, operations: ["Read", "Describe"] }] : topics;
}

/** Kafka UI browses and, for admins, manages every topic and group; it changes no cluster setting. */
export function kafkaUiAcls(): Record<string, unknown>[] {
  return [
    { resource: { type: "topic", name: "*", patternType: "literal" }, operations: ["All"] },
    { resource: { type: "group", name: "*", patternType: "literal" }, operations: ["All"] },
    { resource: { type: "cluster" }, operations: ["Describe", "DescribeConfigs"] },
  ];
}

/** The Secret in the cluster's namespace the User Operator reads a user's password from. */
export function passwordSecretName(user: string): string {
  return `kafka-user-${user}-password`;
}

/** A SCRAM-SHA-512 user whose password the platform generated, with its ACLs. */
export function userSpec(user: string, acls: readonly Record<string, unknown>[]): Record<string, unknown> {
  return {
    authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: passwordSecretName(user), key: "password" } } } },
    authorization: { type: "simple", acls },
  };
}
