import { describe, expect, it } from "vitest";
import { madeBy, MINIKUBE, renderConfig, resource, resourcesOfType } from "../../render/harness";
import { waitsFor } from "../../render/waits-for";
import { dataLayer } from "./data";

const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const EXAMPLE = dataLayer.examples!["homelab with KEDA scaling a declared workload and a sleeping Ollama"]!;

const spec = (r: { inputs: Record<string, unknown> }) => r.inputs.spec as Record<string, unknown>;

describe("KEDA on bare metal, with observability", async () => {
  const recording = await renderConfig(EXAMPLE);
  const keda = madeBy(recording, "keda");
  const waits = waitsFor(recording);

  it("installs the pinned chart in its own namespace, its metrics on for Prometheus", () => {
    const chart = resource(keda, "kubernetes:helm.sh/v4:Chart", "keda-chart");
    expect(chart.inputs).toMatchObject({ chart: "keda", version: "2.20.2", namespace: "keda" });
    expect(chart.inputs.values).toMatchObject({ prometheus: { operator: { enabled: true } }, webhooks: { failurePolicy: "Fail" } });
  });

  it("makes the declared ScaledObject in the workload's namespace, after the webhook gate", () => {
    const worker = resource(recording, SCALED_OBJECT, "shop-worker-scaled-object");
    expect(worker.inputs.metadata).toEqual({ name: "worker", namespace: "shop" });
    expect(spec(worker)).toMatchObject({ scaleTargetRef: { kind: "Deployment", name: "shop-worker" }, minReplicaCount: 0, maxReplicaCount: 4 });
    expect((spec(worker).triggers as { type: string }[]).map((t) => t.type)).toEqual(["prometheus", "cron"]);
    expect(waits(worker)).toContain("keda-webhook-gate");
  });

  it("lets Ollama sleep when the gateway is idle, querying the platform's Prometheus", () => {
    const ollama = resource(recording, SCALED_OBJECT, "ollama-ollama-idle-scaled-object");
    expect(spec(ollama)).toMatchObject({ scaleTargetRef: { name: "ollama" }, minReplicaCount: 0, maxReplicaCount: 1 });
    const [trigger] = spec(ollama).triggers as { metadata: { serverAddress: string; query: string } }[];
    expect(trigger!.metadata.serverAddress).toMatch(/^http:\/\/.*\.monitoring\.svc:9090$/);
    expect(trigger!.metadata.query).toContain("[30m]");
    expect(waits(ollama)).toContain("keda-webhook-gate");
  });

  it("is scraped, and Prometheus lets its queries in", () => {
    expect(spec(resource(keda, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "keda-pod-monitor"))).toMatchObject({ podMetricsEndpoints: [{ port: "metrics" }] });
    const allow = resource(keda, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "monitoring-allow-keda");
    expect(spec(allow).ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "keda" } } }], ports: [{ protocol: "TCP", port: 9090 }] }]);
  });
});

describe("KEDA off", () => {
  it("installs nothing and offers no scaling", async () => {
    const recording = await renderConfig({ ...MINIKUBE, features: { data: true, llm: false }, data: { backups: { enabled: false }, keda: { enabled: false } } });
    expect(resourcesOfType(recording, "kubernetes:helm.sh/v4:Chart").filter((c) => c.inputs.chart === "keda")).toEqual([]);
    expect(resourcesOfType(recording, SCALED_OBJECT)).toEqual([]);
  });
});
