import { describe, expect, it } from "vitest";
import { parseConfig } from "../config";
import { declaredKafka, kafkaSchema, retentionMs } from "./kafka-config";

const BARE_METAL = {
  target: "bare-metal",
  domain: "lab.home.arpa",
  cluster: { stack: "homelab-metal" },
  loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] },
  ingress: { tcpEntryPoints: { kafka: 9094 } },
};

function problems(kafka: Record<string, unknown>, rest: Record<string, unknown> = {}): readonly string[] {
  const result = parseConfig({ ...BARE_METAL, ...rest, data: { kafka: { enabled: true, ...kafka } } });
  return result.ok ? [] : result.problems;
}

describe("homelab:data.kafka", () => {
  it("names the key of a topic, user or client name that Kafka or Kubernetes would refuse", () => {
    expect(problems({ topics: [{ name: "Orders_v1" }], users: [{ name: "Shop" }], clients: ["Shop"] })).toEqual([
      "homelab:data.kafka.topics[0].name: expected a topic name of lower-case letters, digits, '.' and '-' (at most 63); got \"Orders_v1\"",
      "homelab:data.kafka.users[0].name: expected a user name of lower-case letters, digits and '-' (at most 40); got \"Shop\"",
      'homelab:data.kafka.clients[0]: expected a namespace name; got "Shop"',
    ]);
  });

  it("refuses a topic with more copies than the profile has brokers", () => {
    expect(problems({ topics: [{ name: "orders", replicas: 3 }] }, { sizing: "lean" })).toEqual([
      'homelab:data.kafka.topics[0].replicas: 3 copies of "orders" need as many brokers, and the lean profile runs 1; give at most 1',
    ]);
    expect(problems({ topics: [{ name: "orders", replicas: 3 }] })).toEqual([]);
  });

  it("refuses an ACL on a topic that is not declared", () => {
    expect(problems({ topics: [{ name: "orders" }], users: [{ name: "shop", acls: [{ topic: "order", access: "read" }] }] })).toEqual([
      'homelab:data.kafka.users[0].acls[0].topic: "order" is not a topic of data.kafka.topics (orders)',
    ]);
  });

  it("refuses names declared twice, Kafka UI's own user, and a retention that does not parse", () => {
    expect(problems({ topics: [{ name: "a" }, { name: "a", retention: "1 day" }], users: [{ name: "kafka-ui" }, { name: "kafka-ui" }] })).toEqual([
      'homelab:data.kafka.topics[1].retention: expected a retention such as 12h, 7d or 4w (minutes, hours, days, weeks); got "1 day"',
    ]);
    expect(problems({ topics: [{ name: "a" }, { name: "a" }], users: [{ name: "kafka-ui" }, { name: "kafka-ui" }] })).toEqual([
      'homelab:data.kafka.topics[1].name: "a" is declared twice (first as data.kafka.topics[0])',
      'homelab:data.kafka.users[1].name: "kafka-ui" is declared twice (first as data.kafka.users[0])',
      'homelab:data.kafka.users[0].name: "kafka-ui" is Kafka UI\'s own user; choose another name',
      'homelab:data.kafka.users[1].name: "kafka-ui" is Kafka UI\'s own user; choose another name',
    ]);
  });

  it("needs its entry point declared on Traefik, and says which", () => {
    expect(problems({}, { ingress: { tcpEntryPoints: {} } })).toEqual([
      'homelab:data.kafka.entryPoint: Kafka is reached from the LAN through Traefik\'s TCP entry point "kafka", which ingress.tcpEntryPoints does not declare; add kafka: 9094 there',
    ]);
  });

  it("checks nothing while Kafka is off", () => {
    const result = parseConfig({ ...BARE_METAL, ingress: { tcpEntryPoints: {} }, data: { kafka: { topics: [{ name: "a", replicas: 9 }] } } });
    expect(result.ok).toBe(true);
  });
});

describe("declaredKafka", () => {
  it("gives each topic every broker up to three as copies unless told, and its retention in milliseconds", () => {
    const kafka = kafkaSchema.parse({ topics: [{ name: "orders", retention: "12h" }, { name: "audit", replicas: 1 }], clients: ["b", "a", "b"] });
    const spec = declaredKafka(kafka, "full", 9094);
    expect(spec.brokers).toBe(3);
    expect(spec.topics).toEqual([
      { name: "orders", partitions: 3, replicas: 3, retentionMs: 43_200_000 },
      { name: "audit", partitions: 3, replicas: 1, retentionMs: undefined },
    ]);
    expect(spec.clients).toEqual(["a", "b"]);
    expect(declaredKafka(kafka, "lean", 9094).topics[0]!.replicas).toBe(1);
  });

  it("reads retentions in minutes, hours, days and weeks", () => {
    expect(["30m", "2h", "7d", "4w"].map(retentionMs)).toEqual([1_800_000, 7_200_000, 604_800_000, 2_419_200_000]);
  });
});
