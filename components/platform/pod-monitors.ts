import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { allowSpec } from "../lib/platform-namespace";
import { EVERY_NAMESPACE, type ScrapeTarget } from "../lib/scrape-target";

/** A PodMonitor, kept in the monitoring namespace, for one target. */
export function podMonitorSpec(target: ScrapeTarget) {
  return {
    namespaceSelector: target.namespace === EVERY_NAMESPACE ? { any: true } : { matchNames: [target.namespace] },
    selector: { matchLabels: { ...target.podLabels } },
    podMetricsEndpoints: [{ port: target.portName, path: target.path ?? "/metrics", interval: "30s" }],
  };
}

/**
 * Ports Prometheus must be let in to, per namespace. Targets in every namespace are left to
 * the layer that makes each such namespace; pods on the node's network are beyond policies.
 */
export function admittedPorts(targets: readonly ScrapeTarget[]): Map<string, number[]> {
  const ports = new Map<string, number[]>();
  for (const target of targets) {
    if (target.namespace === EVERY_NAMESPACE || target.hostNetwork) continue;
    const known = ports.get(target.namespace) ?? [];
    if (!known.includes(target.port)) ports.set(target.namespace, [...known, target.port]);
  }
  return ports;
}

export interface PodMonitorsArgs {
  readonly targets: readonly ScrapeTarget[];
  readonly monitoringNamespace: string;
  /** The chart with the PodMonitor CRD, and whatever made the targets' namespaces. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * A PodMonitor for each target, and in each target's namespace a NetworkPolicy that lets
 * Prometheus in on exactly its metrics ports (policies add up, so the namespace's own
 * allows stay as its layer made them).
 */
export function podMonitors(args: PodMonitorsArgs, opts: { readonly parent: pulumi.Resource }): void {
  const after = { ...opts, dependsOn: [...args.dependsOn] };
  for (const target of args.targets) {
    new k8s.apiextensions.CustomResource(
      `${target.name}-pod-monitor`,
      { apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", metadata: { name: target.name, namespace: args.monitoringNamespace }, spec: podMonitorSpec(target) },
      after,
    );
  }
  // Its own namespace lets its pods talk to each other already.
  const elsewhere = args.targets.filter((target) => target.namespace !== args.monitoringNamespace);
  for (const [namespace, ports] of admittedPorts(elsewhere)) {
    const { ingress } = allowSpec(namespace, [{ kind: "from-namespace", namespace: args.monitoringNamespace, ports }]);
    new k8s.networking.v1.NetworkPolicy(
      `${namespace}-allow-prometheus`,
      { metadata: { name: "allow-prometheus", namespace }, spec: { podSelector: {}, policyTypes: ["Ingress"], ingress } },
      after,
    );
  }
}
