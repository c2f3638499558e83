import { describe, expect, it } from "vitest";
import { validateObject } from "../../render/kubernetes-schemas";
import {
  kafkaHosts,
  type KafkaSpec,
  kafkaSpec,
  kafkaUiAcls,
  listenerDnsNames,
  nodeClaimNames,
  nodePoolSpec,
  topicSpec,
  userAcls,
  userSpec,
} from "./kafka-resources";

const SPEC: KafkaSpec = {
  brokers: 3,
  storage: "20Gi",
  topics: [{ name: "orders", partitions: 6, replicas: 3, retentionMs: 604_800_000 }],
  users: [{ name: "shop", acls: [{ topic: "orders", access: "readwrite" }] }],
  clients: ["shop"],
  entryPoint: { name: "kafka", port: 9094 },
};
const RESOURCES = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "2", memory: "512Mi" } };

const strimzi = (kind: string, spec: Record<string, unknown>) => ({ apiVersion: "kafka.strimzi.io/v1", kind, metadata: { name: "x", namespace: "kafka" }, spec });

describe("kafkaHosts", () => {
  it("has a single broker advertise the bootstrap name, so one name needs resolving", () => {
    expect(kafkaHosts("lab.home.arpa", 1)).toEqual({ bootstrap: "kafka.lab.home.arpa", brokers: ["kafka.lab.home.arpa"] });
  });

  it("gives each of several brokers a name of its own, which Traefik routes by TLS server name", () => {
    expect(kafkaHosts("lab.home.arpa", 3).brokers).toEqual(["kafka-0.lab.home.arpa", "kafka-1.lab.home.arpa", "kafka-2.lab.home.arpa"]);
  });
});

describe("listenerDnsNames", () => {
  it("covers the LAN names and the in-cluster bootstrap and broker Services, once each", () => {
    expect(listenerDnsNames(kafkaHosts("homelab.test", 1))).toEqual([
      "kafka.homelab.test",
      "kafka-kafka-bootstrap.kafka.svc",
      "kafka-kafka-bootstrap.kafka.svc.cluster.local",
      "*.kafka-kafka-brokers.kafka.svc",
      "*.kafka-kafka-brokers.kafka.svc.cluster.local",
    ]);
  });
});

describe("kafkaSpec", () => {
  const spec = kafkaSpec(SPEC, kafkaHosts("lab.home.arpa", 3), RESOURCES) as { kafka: { listeners: Record<string, any>[]; config: Record<string, unknown> } };

  it("authenticates both listeners with SCRAM-SHA-512 over TLS with the platform CA's certificate", () => {
    for (const listener of spec.kafka.listeners) {
      expect(listener).toMatchObject({ tls: true, authentication: { type: "scram-sha-512" } });
      expect(listener.configuration.brokerCertChainAndKey).toEqual({ secretName: "kafka-listener-tls", certificate: "tls.crt", key: "tls.key" });
    }
  });

  it("has each broker advertise its LAN name on the entry point's port", () => {
    expect(spec.kafka.listeners[1]!.configuration.brokers).toEqual([
      { broker: 0, advertisedHost: "kafka-0.lab.home.arpa", advertisedPort: 9094 },
      { broker: 1, advertisedHost: "kafka-1.lab.home.arpa", advertisedPort: 9094 },
      { broker: 2, advertisedHost: "kafka-2.lab.home.arpa", advertisedPort: 9094 },
    ]);
  });

  it("replicates the brokers' own topics on up to three brokers and creates no topic by accident", () => {
    expect(spec.kafka.config).toMatchObject({ "offsets.topic.replication.factor": 3, "min.insync.replicas": 2, "auto.create.topics.enable": false });
    const single = kafkaSpec({ ...SPEC, brokers: 1 }, kafkaHosts("x.test", 1), RESOURCES) as typeof spec;
    expect(single.kafka.config).toMatchObject({ "offsets.topic.replication.factor": 1, "transaction.state.log.min.isr": 1 });
  });

  it("is valid against Strimzi's Kafka schema", async () => {
    expect(await validateObject(strimzi("Kafka", spec))).toEqual({ status: "valid" });
  });
});

describe("nodePoolSpec", () => {
  it("makes every node controller and broker on claims that outlive the pool, valid against the schema", async () => {
    const pool = nodePoolSpec(SPEC, "linstor", "full");
    expect(pool).toMatchObject({ replicas: 3, roles: ["controller", "broker"], storage: { type: "persistent-claim", size: "20Gi", class: "linstor", deleteClaim: false } });
    expect(await validateObject(strimzi("KafkaNodePool", pool))).toEqual({ status: "valid" });
  });

  it("names the claims as Strimzi looks for them", () => {
    expect(nodeClaimNames(2)).toEqual(["data-kafka-dual-0", "data-kafka-dual-1"]);
  });
});

describe("topicSpec", () => {
  it("keeps two copies in sync where there are three, and the declared retention", async () => {
    const topic = topicSpec(SPEC.topics[0]!);
    expect(topic).toEqual({ partitions: 6, replicas: 3, config: { "min.insync.replicas": 2, "retention.ms": 604_800_000 } });
    expect(await validateObject(strimzi("KafkaTopic", topic))).toEqual({ status: "valid" });
  });
});

describe("userAcls", () => {
  it("lets a reader consume in groups named after it, and a writer only produce", () => {
    expect(userAcls({ name: "audit", acls: [{ topic: "events", access: "read" }] })).toEqual([
      { resource: { type: "topic", name: "events", patternType: "literal" }, operations: ["Read", "Describe"] },
      { resource: { type: "group", name: "audit", patternType: "prefix" }, operations: ["Read", "Describe"] },
    ]);
    expect(userAcls({ name: "app", acls: [{ topic: "events", access: "write" }] })).toEqual([
      { resource: { type: "topic", name: "events", patternType: "literal" }, operations: ["Write", "Describe"] },
    ]);
  });
});

describe("userSpec", () => {
  it("reads the generated password from the delivered Secret, valid against the schema", async () => {
    const user = userSpec("shop", userAcls(SPEC.users[0]!));
    expect(user.authentication).toEqual({ type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "kafka-user-shop-password", key: "password" } } } });
    expect(await validateObject(strimzi("KafkaUser", user))).toEqual({ status: "valid" });
    expect(await validateObject(strimzi("KafkaUser", userSpec("kafka-ui", kafkaUiAcls())))).toEqual({ status: "valid" });
  });

  it("is refused by the schema when an ACL names an operation Kafka does not have", async () => {
    const user = userSpec("shop", [{ resource: { type: "topic", name: "orders" }, operations: ["Consume"] }]);
    expect(await validateObject(strimzi("KafkaUser", user))).toMatchObject({ status: "invalid" });
  });
});
