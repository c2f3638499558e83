import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export interface PodMonitorArgs {
  readonly namespace: string;
  /** Labels that select the pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Name of the container port that serves `/metrics`. */
  readonly port: string;
}

/**
 * A PodMonitor beside the pods it scrapes: the data layer is built after observability,
 * so it makes its own (decision 0009) once the Prometheus operator's CRDs exist.
 */
export function podMonitor(
  name: string,
  args: PodMonitorArgs,
  opts: { readonly parent: pulumi.Resource; /** The Prometheus operator, and the namespace. */ readonly dependsOn: readonly pulumi.Resource[] },
): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    `${name}-pod-monitor`,
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name, namespace: args.namespace },
      spec: { selector: { matchLabels: { ...args.podLabels } }, podMetricsEndpoints: [{ port: args.port, path: "/metrics", interval: "30s" }] },
    },
    { parent: opts.parent, dependsOn: [...opts.dependsOn] },
  );
}
