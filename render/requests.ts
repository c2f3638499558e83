import { workloadRuns } from "../components/lib/charts";
import { cpuCores, memoryBytes } from "../components/lib/sizing";
import { chartRegistry } from "../stacks/layers/catalog";
import { isManifest, manifestObject } from "./render-files";
import type { Recording } from "./run-under-mocks";
import { isPlainObject, plain } from "./secret";

/** What the platform asks the scheduler for, summed over every pod it runs. */
export interface Requests {
  readonly cpu: number;
  readonly memoryBytes: number;
  /** Where each part comes from, for a message when the budget is exceeded. */
  readonly parts: readonly { readonly what: string; readonly cpu: number; readonly memoryBytes: number }[];
}

type Part = Requests["parts"][number];

/** Requests of every workload in a render: chart workloads from the pinned charts, and plain objects. */
export function sumRequests(recording: Recording, nodes: number): Requests {
  const parts = [...chartParts(recording, nodes), ...manifestParts(recording, nodes)];
  return {
    cpu: parts.reduce((sum, p) => sum + p.cpu, 0),
    memoryBytes: parts.reduce((sum, p) => sum + p.memoryBytes, 0),
    parts,
  };
}

function requestsOf(resources: unknown, times: number, what: string): Part {
  const requests = isPlainObject(resources) && isPlainObject(resources.requests) ? resources.requests : {};
  return {
    what,
    cpu: (typeof requests.cpu === "string" ? cpuCores(requests.cpu) : 0) * times,
    memoryBytes: (typeof requests.memory === "string" ? memoryBytes(requests.memory) : 0) * times,
  };
}

function chartParts(recording: Recording, nodes: number): Part[] {
  return recording.resources
    .filter((r) => r.type === "kubernetes:helm.sh/v4:Chart")
    .flatMap((chart) => {
      const pin = chartRegistry().find((p) => p.chart === chart.inputs.chart);
      const values = plain(chart.inputs.values, true);
      return (pin?.workloads ?? []).filter((w) => workloadRuns(w, values)).map((w) => {
        const resources = w.resources.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], values);
        return requestsOf(resources, w.replicas === "per-node" ? nodes : w.replicas, `${chart.name} ${w.resources.join(".")}`);
      });
    });
}

interface PodSpec {
  readonly containers?: readonly { readonly resources?: unknown }[];
  readonly initContainers?: readonly { readonly resources?: unknown }[];
}

function manifestParts(recording: Recording, nodes: number): Part[] {
  return recording.resources.filter(isManifest).flatMap((resource) => {
    const object = manifestObject(resource, true) as { kind: string; spec?: Record<string, unknown> };
    const spec = object.spec ?? {};
    const name = `${object.kind} ${resource.name}`;
    switch (object.kind) {
      case "Deployment":
      case "StatefulSet":
        return podParts(templateSpec(spec), typeof spec.replicas === "number" ? spec.replicas : 1, name);
      case "DaemonSet":
        return podParts(templateSpec(spec), nodes, name);
      case "Job":
        return podParts(templateSpec(spec), 1, name);
      // One run at a time (the platform's CronJobs forbid overlap).
      case "CronJob":
        return podParts(templateSpec((spec.jobTemplate as { spec?: Record<string, unknown> } | undefined)?.spec ?? {}), 1, name);
      // A CloudNativePG PostgreSQL: `instances` pods with `resources` each.
      case "Cluster":
        return [requestsOf(spec.resources, typeof spec.instances === "number" ? spec.instances : 1, name)];
      // Strimzi's Kafka nodes: `replicas` pods with `resources` each.
      case "KafkaNodePool":
        return [requestsOf(spec.resources, typeof spec.replicas === "number" ? spec.replicas : 1, name)];
      // Strimzi's entity operator: one pod with the topic and the user operator.
      case "Kafka": {
        const operators = (spec.entityOperator ?? {}) as Record<string, { resources?: unknown }>;
        return Object.values(operators).map((operator) => requestsOf(operator.resources, 1, name));
      }
      default:
        return [];
    }
  });
}

function templateSpec(spec: Record<string, unknown>): PodSpec {
  const template = spec.template as { spec?: PodSpec } | undefined;
  return template?.spec ?? {};
}

/** Containers run together; init containers one at a time, so only the largest counts. */
function podParts(pod: PodSpec, times: number, name: string): Part[] {
  const containers = (pod.containers ?? []).map((c) => requestsOf(c.resources, times, name));
  const init = (pod.initContainers ?? []).map((c) => requestsOf(c.resources, times, `${name} (init)`));
  const largestInit = init.sort((a, b) => b.memoryBytes - a.memoryBytes)[0];
  return largestInit ? [...containers, largestInit] : containers;
}
