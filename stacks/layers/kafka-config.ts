import { z } from "zod";
import type { SizingProfile } from "../../components/lib/capabilities";
import { KAFKA_UI_USER, type KafkaSpec } from "../../components/data";
import { strict } from "../config-fields";
import { configKey, show } from "../config-problems";

/**
 * The Kafka part of the data layer's configuration (`homelab:data.kafka`): the cluster's
 * size, its topics, its users with their ACLs, and the namespaces that may connect.
 */

/** A KafkaTopic's name is also its Kubernetes name: lower-case, digits, '.', '-'. */
const TOPIC = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;
/** A KafkaUser's name is its SCRAM user name and its Kubernetes name, and names its Secrets. */
const USER = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A retention in minutes, hours, days or weeks. */
const RETENTION = /^([1-9]\d*)([mhdw])$/;
const RETENTION_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Brokers by sizing profile: one node on a laptop, three (a quorum that survives one loss) on a server. */
export const KAFKA_BROKERS: Readonly<Record<SizingProfile, number>> = { lean: 1, full: 3 };

const namespaceName = z
  .string().regex(NAMESPACE, { error: (i) => `expected a namespace name; got ${show(i.input)}` });

const topic = strict({
  /** The topic's name, also its KafkaTopic's. */
  name: z.string().regex(TOPIC, { error: (i) => `expected a topic name of lower-case letters, digits, '.' and '-' (at most 63); got ${show(i.input)}` }),
  /** Partitions: how many consumers of one group read in parallel. */
  partitions: z.number().int().min(1).max(1000).default(3),
  /** Copies of each partition; at most the brokers. @default every broker, at most 3 */
  replicas: z.number().int().min(1).optional(),
  /** How long records are kept (`30m`, `12h`, `7d`, `4w`). @default the brokers' (7 days) */
  retention: z
    .string()
    .regex(RETENTION, { error: (i) => `expected a retention such as 12h, 7d or 4w (minutes, hours, days, weeks); got ${show(i.input)}` })
    .optional(),
});

const acl = strict({
  /** A topic of `data.kafka.topics`. */
  topic: z.string(),
  /** `read` (consume, in consumer groups named after the user), `write` (produce), or both. */
  access: z.enum(["read", "write", "readwrite"]),
});

const user = strict({
  /** The SCRAM-SHA-512 user name; its password is generated. */
  name: z.string().regex(USER, { error: (i) => `expected a user name of lower-case letters, digits and '-' (at most 40); got ${show(i.input)}` }),
  /** What it may do, per topic; nothing else is allowed. */
  acls: z.array(acl).default([]),
});

export const kafkaSchema = strict({
  /** Strimzi, a KRaft Kafka cluster and Kafka UI; LAN clients need the entry point in `ingress.tcpEntryPoints`. */
  enabled: z.boolean().default(false),
  /** Volume per broker. */
  storage: z
    .string()
    .regex(/^\d+(Mi|Gi|Ti)$/, { error: (i) => `expected a size such as 10Gi; got ${show(i.input)}` })
    .default("10Gi"),
  topics: z.array(topic).default([]),
  users: z.array(user).default([]),
  /** Namespaces whose pods may connect to the in-cluster listener; every other is refused. */
  clients: z.array(namespaceName).default([]),
  /** Traefik's TCP entry point (`ingress.tcpEntryPoints`) the LAN listener is exposed on. */
  entryPoint: z.string().default("kafka"),
}).prefault({});

export type KafkaConfig = z.output<typeof kafkaSchema>;

/** `7d` → 604800000. */
export function retentionMs(retention: string): number {
  const [, count, unit] = RETENTION.exec(retention)!;
  return Number(count) * RETENTION_MS[unit!]!;
}

/** The cluster the components build, for this sizing profile and entry point port. */
export function declaredKafka(kafka: KafkaConfig, sizing: SizingProfile, entryPointPort: number): KafkaSpec {
  const brokers = KAFKA_BROKERS[sizing];
  return {
    brokers,
    storage: kafka.storage,
    topics: kafka.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions,
      replicas: t.replicas ?? Math.min(brokers, 3),
      retentionMs: t.retention === undefined ? undefined : retentionMs(t.retention),
    })),
    users: kafka.users.map((u) => ({ name: u.name, acls: u.acls.map((a) => ({ topic: a.topic, access: a.access })) })),
    clients: [...new Set(kafka.clients)].sort(),
    entryPoint: { name: kafka.entryPoint, port: entryPointPort },
  };
}

/** What the Kafka checks read: the data layer's key and switch, the sizing profile and Traefik's entry points. */
export interface KafkaChecked {
  readonly features: Readonly<Record<string, boolean>>;
  readonly data: { readonly kafka: KafkaConfig };
  readonly sizing: SizingProfile;
  readonly ingress: { readonly tcpEntryPoints: Readonly<Record<string, number>> };
}

/** Names declared twice, topics with more copies than brokers, ACLs on unknown topics, a missing entry point. */
export function kafkaProblems(config: KafkaChecked): string[] {
  const { kafka } = config.data;
  if (!config.features.data || !kafka.enabled) return [];
  const key = (...path: (string | number)[]) => configKey(["data", "kafka", ...path]);
  const brokers = KAFKA_BROKERS[config.sizing];
  const topics = kafka.topics.map((t) => t.name);
  const users = kafka.users.map((u) => u.name);
  return [
    ...twice(topics, (i) => key("topics", i, "name"), "data.kafka.topics"),
    ...kafka.topics.flatMap((t, i) =>
      t.replicas !== undefined && t.replicas > brokers
        ? [`${key("topics", i, "replicas")}: ${t.replicas} copies of "${t.name}" need as many brokers, and the ${config.sizing} profile runs ${brokers}; give at most ${brokers}`]
        : [],
    ),
    ...twice(users, (i) => key("users", i, "name"), "data.kafka.users"),
    ...kafka.users.flatMap((u, i) => (u.name === KAFKA_UI_USER ? [`${key("users", i, "name")}: "${KAFKA_UI_USER}" is Kafka UI's own user; choose another name`] : [])),
    ...kafka.users.flatMap((u, i) =>
      u.acls.flatMap((a, j) =>
        topics.includes(a.topic) ? [] : [`${key("users", i, "acls", j, "topic")}: "${a.topic}" is not a topic of data.kafka.topics (${topics.join(", ") || "none declared"})`],
      ),
    ),
    ...(kafka.entryPoint in config.ingress.tcpEntryPoints
      ? []
      : [
          `${key("entryPoint")}: Kafka is reached from the LAN through Traefik's TCP entry point "${kafka.entryPoint}", which ingress.tcpEntryPoints does not declare; add ${kafka.entryPoint}: 9094 there`,
        ]),
  ];
}

function twice(names: readonly string[], keyOf: (i: number) => string, list: string): string[] {
  return names.flatMap((name, i) => {
    const first = names.indexOf(name);
    return first === i ? [] : [`${keyOf(i)}: "${name}" is declared twice (first as ${list}[${first}])`];
  });
}
