import { describe, expect, it } from "vitest";
import { LINUX_HOST, PROJECT_DIR, renderStack } from "./harness";
import { renderWithReferences } from "./render-stack";
import { readStackConfig } from "./stack-files";
import { sumRequests } from "./requests";
import type { RecordedResource, Recording } from "./run-under-mocks";

const GiB = 2 ** 30;

/**
 * The dev stack runs on `minikube start --cpus 4 --memory 6g`. minikube's own control
 * plane asks for about 0.75 CPU and 170 MiB; a quarter of the machine stays free.
 */
const MINIKUBE = { cpu: 4, memoryBytes: 6 * GiB };
const MINIKUBE_SYSTEM = { cpu: 0.75, memoryBytes: 170 * 2 ** 20 };
const HEADROOM = 0.25;
const BUDGET = {
  cpu: MINIKUBE.cpu * (1 - HEADROOM) - MINIKUBE_SYSTEM.cpu,
  memoryBytes: MINIKUBE.memoryBytes * (1 - HEADROOM) - MINIKUBE_SYSTEM.memoryBytes,
};

function describeParts(requests: ReturnType<typeof sumRequests>): string {
  return requests.parts.map((p) => `${p.what}: ${p.cpu.toFixed(3)} CPU, ${(p.memoryBytes / 2 ** 20).toFixed(0)} MiB`).join("\n");
}

/** The dev stack with some features switched and keys set (or, `undefined`, removed), as README suggests trying them. */
function devWith(switches: Record<string, boolean>, keys: Record<string, unknown> = {}): Promise<Recording> {
  const dev = readStackConfig(PROJECT_DIR, "dev");
  const features = { ...(JSON.parse(dev.config["homelab:features"] ?? "{}") as Record<string, boolean>), ...switches };
  const config: Record<string, string> = { ...dev.config, "homelab:features": JSON.stringify(features) };
  for (const [key, value] of Object.entries(keys)) {
    if (value === undefined) delete config[`homelab:${key}`];
    else config[`homelab:${key}`] = JSON.stringify(value);
  }
  return renderWithReferences(PROJECT_DIR, { ...dev, config }, ["dev"], LINUX_HOST);
}

/** The dev stack with the observability layer switched on instead of single sign-on: both do not fit 6 GiB (README). */
const devWithObservability = () => devWith({ observability: true, sso: false });

/** The dev stack with Kafka, which fits 6 GiB with the LLM layer and single sign-on off (README). */
const devWithKafka = () =>
  devWith({ data: true, llm: false, sso: false }, {
    models: undefined,
    ingress: { tcpEntryPoints: { kafka: 9094 } },
    data: { backups: { enabled: false }, kafka: { enabled: true } },
  });

/** The dev stack with the data layer on (KEDA with it; ArangoDB stays off on lean) and its backups off, as README offers. */
const devWithData = () => devWith({ data: true }, { data: { backups: { enabled: false } } });

describe.each([
  ["the dev stack's requests", () => renderStack("dev")],
  ["the dev stack's requests with observability on and sso off", devWithObservability],
  ["the dev stack's requests with Kafka on, and llm and sso off", devWithKafka],
  ["the dev stack's requests with the data layer on and its backups off", devWithData],
])("%s", (_, render) => {
  it("fit a 4-CPU, 6-GiB minikube with a quarter to spare", async () => {
    const requests = sumRequests(await render(), 1);
    const summary = `${requests.cpu.toFixed(2)} CPU, ${(requests.memoryBytes / GiB).toFixed(2)} GiB requested; budget ${BUDGET.cpu} CPU, ${(BUDGET.memoryBytes / GiB).toFixed(2)} GiB\n${describeParts(requests)}`;
    expect(requests.cpu, summary).toBeLessThanOrEqual(BUDGET.cpu);
    expect(requests.memoryBytes, summary).toBeLessThanOrEqual(BUDGET.memoryBytes);
    expect(requests.parts.length).toBeGreaterThan(5);
  });
});

describe("sumRequests", () => {
  const options = { dependsOn: [], protect: false, retainOnDelete: false, provider: "cluster" };
  const resources = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });
  const manifest = (kind: string, spec: Record<string, unknown>): RecordedResource => ({
    type: `kubernetes:apps/v1:${kind}`,
    name: kind.toLowerCase(),
    parent: null,
    custom: true,
    inputs: { apiVersion: "apps/v1", kind, metadata: { name: "x" }, spec },
    options,
  });
  const pod = (cpu: string, memory: string) => ({ template: { spec: { containers: [{ name: "c", resources: resources(cpu, memory) }] } } });

  it("counts replicas, one DaemonSet pod per node, CNPG instances, Kafka nodes and operators, and chart workloads", () => {
    const recording: Recording = {
      project: "homelab",
      stack: "test",
      outputs: {},
      resources: [
        manifest("Deployment", { replicas: 2, ...pod("100m", "128Mi") }),
        manifest("DaemonSet", pod("50m", "64Mi")),
        { ...manifest("Cluster", { instances: 3, resources: resources("250m", "512Mi") }), type: "kubernetes:postgresql.cnpg.io/v1:Cluster" },
        { ...manifest("KafkaNodePool", { replicas: 3, resources: resources("500m", "2Gi") }), type: "kubernetes:kafka.strimzi.io/v1:KafkaNodePool" },
        { ...manifest("Kafka", { entityOperator: { topicOperator: { resources: resources("100m", "256Mi") }, userOperator: { resources: resources("100m", "256Mi") } } }), type: "kubernetes:kafka.strimzi.io/v1:Kafka" },
        {
          type: "kubernetes:helm.sh/v4:Chart",
          name: "reloader-chart",
          parent: null,
          custom: false,
          inputs: { chart: "reloader", version: "2.2.16", values: { reloader: { deployment: { resources: resources("10m", "32Mi") } } } },
          options,
        },
      ],
    };
    const requests = sumRequests(recording, 2);
    expect(requests.cpu).toBeCloseTo(0.2 + 0.1 + 0.75 + 1.5 + 0.2 + 0.01);
    expect(requests.memoryBytes).toBe((256 + 128 + 1536 + 6144 + 512 + 32) * 2 ** 20);
  });
});
