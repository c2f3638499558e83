import { describe, expect, it } from "vitest";
import { chartName } from "./chart-reference";
import { isManifest, manifestObject } from "./render-files";
import type { Recording } from "./run-under-mocks";
import { RENDERS } from "./test-renders";

/**
 * With observability on, every workload that serves `/metrics` is scraped: a ServiceMonitor
 * or PodMonitor selects it, and its namespace lets Prometheus (namespace `monitoring`) in on
 * the port. Workloads are found three ways: container ports named for metrics, our own
 * services' ports, and the pinned charts known to serve metrics.
 */

const MONITORING = "monitoring";
const NAME_LABEL = "kubernetes.io/metadata.name";

/** Pinned charts whose pods serve metrics: the container port, from each release's own templates and values. */
const CHARTS_WITH_METRICS: Readonly<Record<string, { readonly portName: string; readonly port: number }>> = {
  traefik: { portName: "metrics", port: 9100 },
  "cert-manager": { portName: "http-metrics", port: 9402 },
  "cloudnative-pg": { portName: "metrics", port: 8080 },
  metallb: { portName: "monitoring", port: 7472 },
  loki: { portName: "http-metrics", port: 3100 },
  alloy: { portName: "http-metrics", port: 12345 },
  // templates/_pod.tpl of chart 0.58.1: `http` on `metricsPort`.
  "fluent-bit": { portName: "http", port: 2020 },
  // The all-in-one pod's `allInOne.metricsPort` (templates/all-in-one/all-in-one-deployment.yaml at 4.44).
  seaweedfs: { portName: "server-metrics", port: 9324 },
  // templates/deployment.yaml of chart 2.2.16: one port, `http`, serving probes and /metrics.
  reloader: { portName: "http", port: 9090 },
  "secrets-store-csi-driver": { portName: "metrics", port: 8095 },
  // Its operator, metrics server and webhooks, once prometheus.*.enabled is set.
  keda: { portName: "metrics", port: 8080 },
  "kube-arangodb": { portName: "metrics", port: 8528 },
  k8up: { portName: "http", port: 8080 },
  // The DCGM exporter the operator runs on each GPU node.
  "gpu-operator": { portName: "metrics", port: 9400 },
  // The Strimzi cluster operator serves /metrics beside its health checks.
  "strimzi-kafka-operator": { portName: "http", port: 8080 },
};

/** Our own services serve /metrics on a port of their own, never the API port (services/llm-gateway/src/metrics). */
const OWN_METRICS_PORTS: Readonly<Record<string, string>> = { "llm-gateway": "metrics" };

/** Every CloudNativePG instance pod serves its exporter here. */
const POSTGRES = { labels: { "cnpg.io/podRole": "instance" }, portName: "metrics", port: 9187 };

/** The nodes of a Kafka with Strimzi's metrics config serve them here. */
const KAFKA_METRICS = { portName: "tcp-prometheus", port: 9404 };

interface Obj {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: any;
}

interface Scraped {
  readonly what: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly portName: string;
  readonly port: number;
}

/** A monitor as what it selects: pods by labels in namespaces, on port names. */
interface Selection {
  readonly namespaces: readonly string[] | "any";
  readonly labels: Readonly<Record<string, string>>;
  readonly portNames: readonly string[];
}

function objects(recording: Recording): Obj[] {
  return recording.resources.filter(isManifest).map((r) => manifestObject(r, false) as unknown as Obj);
}

function namespacesOf(selector: { any?: boolean; matchNames?: string[] } | undefined, own: string): readonly string[] | "any" {
  if (selector?.any) return "any";
  return selector?.matchNames ?? [own];
}

function selections(all: readonly Obj[]): Selection[] {
  const services = all.filter((o) => o.kind === "Service");
  return all.flatMap((o): Selection[] => {
    const ns = o.metadata.namespace!;
    if (o.kind === "PodMonitor") {
      return [{ namespaces: namespacesOf(o.spec.namespaceSelector, ns), labels: o.spec.selector.matchLabels ?? {}, portNames: o.spec.podMetricsEndpoints.map((e: { port: string }) => e.port) }];
    }
    if (o.kind !== "ServiceMonitor") return [];
    const namespaces = namespacesOf(o.spec.namespaceSelector, ns);
    return services
      .filter((s) => (namespaces === "any" || namespaces.includes(s.metadata.namespace!)) && matches(s.metadata.labels ?? {}, o.spec.selector.matchLabels ?? {}))
      .map((s) => ({
        namespaces: [s.metadata.namespace!],
        labels: s.spec.selector ?? {},
        portNames: o.spec.endpoints.flatMap((e: { port: string }) => {
          const port = (s.spec.ports as { name: string; targetPort?: string | number }[]).find((p) => p.name === e.port);
          return port ? [typeof port.targetPort === "string" ? port.targetPort : port.name] : [];
        }),
      }));
  });
}

function matches(labels: Readonly<Record<string, string>>, selector: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** What in a render serves metrics. */
function scraped(recording: Recording, all: readonly Obj[]): Scraped[] {
  const workloads = all
    .filter((o) => ["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind))
    .flatMap((o) =>
      (o.spec.template.spec.containers as { name: string; ports?: { name?: string; containerPort: number }[] }[]).flatMap((c) =>
        (c.ports ?? [])
          .filter((p) => p.name !== undefined && (/metrics/.test(p.name) || OWN_METRICS_PORTS[c.name] === p.name))
          .map((p) => ({ what: `${o.kind} ${o.metadata.name}`, namespace: o.metadata.namespace!, labels: o.spec.template.metadata.labels, portName: p.name!, port: p.containerPort })),
      ),
    );
  const postgres = all
    .filter((o) => o.kind === "Cluster")
    .map((o) => ({ what: `PostgreSQL ${o.metadata.name}`, namespace: o.metadata.namespace!, ...POSTGRES }));
  const kafkas = all.filter((o) => o.kind === "Kafka" && o.spec.kafka.metricsConfig);
  const kafkaNodes = all
    .filter((o) => o.kind === "KafkaNodePool" && kafkas.some((k) => k.metadata.name === o.metadata.labels?.["strimzi.io/cluster"]))
    .map((o) => ({
      what: `Kafka ${o.metadata.name}`,
      namespace: o.metadata.namespace!,
      labels: { "strimzi.io/cluster": o.metadata.labels!["strimzi.io/cluster"]!, "strimzi.io/kind": "Kafka", "strimzi.io/pool-name": o.metadata.name },
      ...KAFKA_METRICS,
    }));
  const charts = recording.resources
    .filter((r) => r.type === "kubernetes:helm.sh/v4:Chart" && chartName(String(r.inputs.chart)) in CHARTS_WITH_METRICS)
    .map((r) => ({ what: `chart ${r.name}`, namespace: String(r.inputs.namespace), labels: {}, ...CHARTS_WITH_METRICS[chartName(String(r.inputs.chart))]! }));
  return [...workloads, ...postgres, ...kafkaNodes, ...charts];
}

function covered(target: Scraped, by: readonly Selection[]): boolean {
  return by.some(
    (s) =>
      (s.namespaces === "any" || s.namespaces.includes(target.namespace)) &&
      s.portNames.includes(target.portName) &&
      // A chart's pod labels are the chart's business: its namespace and port name identify it.
      (Object.keys(target.labels).length === 0 || matches(target.labels, s.labels)),
  );
}

function admitsPrometheus(all: readonly Obj[], namespace: string, port: number): boolean {
  return all
    .filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === namespace)
    .flatMap((o) => (o.spec.ingress ?? []) as { from?: { namespaceSelector?: { matchLabels?: Record<string, string> }; podSelector?: object }[]; ports?: { port: number }[] }[])
    .some(
      (rule) =>
        (!rule.from || rule.from.some((peer) => peer.namespaceSelector?.matchLabels?.[NAME_LABEL] === MONITORING || (namespace === MONITORING && peer.podSelector && !peer.namespaceSelector))) &&
        (!rule.ports || rule.ports.some((p) => p.port === port)),
    );
}

const observed = Object.keys(RENDERS);

describe.each(observed)("%s", (render) => {
  it("scrapes every workload that serves metrics and lets Prometheus in on its port, when observability is on", async () => {
    const recording = await RENDERS[render]!();
    const on = recording.resources.some((r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.chart === "kube-prometheus-stack");
    const all = objects(recording);
    const by = selections(all);
    const targets = scraped(recording, all);
    if (!on) {
      expect(by).toEqual([]);
      return;
    }
    const unwatched = targets.filter((t) => !covered(t, by)).map((t) => `${t.what} in ${t.namespace}: port ${t.portName}`);
    // Host-network pods (MetalLB's speakers) are reached at node addresses, beyond policies.
    const shut = targets
      .filter((t) => !admitsPrometheus(all, t.namespace, t.port))
      .map((t) => `${t.what} in ${t.namespace}: port ${t.port} not open to ${MONITORING}`);
    expect(unwatched).toEqual([]);
    expect(shut).toEqual([]);
  });
});

describe("the renders", () => {
  it("include one with observability on and a workload of each kind that serves metrics", async () => {
    const kinds = new Set<string>();
    for (const render of observed) {
      const recording = await RENDERS[render]!();
      if (!recording.resources.some((r) => r.inputs.chart === "kube-prometheus-stack")) continue;
      for (const t of scraped(recording, objects(recording))) kinds.add(t.what.split(" ")[0]!);
    }
    expect([...kinds].sort()).toEqual(["Deployment", "Kafka", "PostgreSQL", "chart"]);
  });
});
