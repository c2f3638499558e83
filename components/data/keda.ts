import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { allowSpec, type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import { WebhookGate } from "../lib/webhook-gate";
import { KEDA_CHARTS } from "./keda-charts";
import { type ScaledWorkload, type Scaling, scaling } from "./keda-scaled-objects";

export const KEDA_NAMESPACE = "keda";

/** The admission webhooks' port (the chart's default), which the API server calls. */
const WEBHOOK_PORT = 9443;
/** The metrics server's HTTPS port behind the external metrics APIService, which the API server calls. */
const METRICS_API_PORT = 6443;
/** Each of KEDA's three pods serves Prometheus metrics here, on a port named `metrics`. */
export const KEDA_METRICS_PORT = 8080;

/** Where Prometheus answers queries, when the observability layer runs it. */
export interface KedaPrometheus {
  /** In-cluster URL of its HTTP API. */
  readonly url: string;
  readonly namespace: string;
  readonly port: number;
  /** The Prometheus operator, which KEDA's PodMonitor needs. */
  readonly operator: pulumi.Resource;
}

export interface KedaArgs {
  readonly sizing: SizingProfile;
  /** Prometheus, for Prometheus triggers and to scrape KEDA. @default none: cron triggers only, KEDA unwatched */
  readonly prometheus?: KedaPrometheus;
  /** Workloads the stack file declares. @default [] */
  readonly scaledObjects?: readonly ScaledWorkload[];
}

/** Values of the pinned chart (see its values.yaml). */
export function kedaValues(sizing: SizingProfile, metrics: boolean): Record<string, unknown> {
  const size = resources(sizing, "small");
  return {
    crds: { install: true },
    // Refuse a ScaledObject KEDA cannot honour (a second autoscaler on one workload) instead
    // of admitting it unchecked while the webhook is away; the webhook gate waits for it.
    webhooks: { enabled: true, failurePolicy: "Fail" },
    metricsServer: { enabled: true },
    resources: { operator: size, metricServer: size, webhooks: resources(sizing, "tiny") },
    prometheus: {
      metricServer: { enabled: metrics },
      operator: { enabled: metrics },
      webhooks: { enabled: metrics },
    },
  };
}

/** What KEDA's namespace lets in and out. */
export function kedaAllows(prometheus: KedaPrometheus | undefined): NetworkAllow[] {
  return [
    // The operator watches workloads and HPAs; the metrics server and webhooks read objects.
    { kind: "api-server" },
    { kind: "from-anywhere", ports: [WEBHOOK_PORT, METRICS_API_PORT] },
    // The metrics server asks the operator for scaler values over gRPC.
    { kind: "within-namespace" },
    ...(prometheus
      ? [
          { kind: "to-namespace", namespace: prometheus.namespace, ports: [prometheus.port] } as const,
          { kind: "from-namespace", namespace: prometheus.namespace, ports: [KEDA_METRICS_PORT] } as const,
        ]
      : []),
  ];
}

/**
 * KEDA: the operator, its external metrics server and its admission webhooks. Its custom
 * resources wait for a gate on the webhook; with Prometheus there, its three pods are
 * scraped and Prometheus lets KEDA's operator ask it queries.
 */
export class Keda extends pulumi.ComponentResource {
  /** Offered to later layers: ScaledObjects after the webhook. */
  readonly scaling: Scaling;

  constructor(name: string, args: KedaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:data:Keda", name, {}, opts);
    const { prometheus } = args;
    const { namespace } = platformNamespace(KEDA_NAMESPACE, { podSecurity: { level: "restricted" }, allow: kedaAllows(prometheus) }, { parent: this });
    const chart = installChart(name, KEDA_CHARTS.keda, { namespace: KEDA_NAMESPACE, values: kedaValues(args.sizing, prometheus !== undefined) }, { parent: this, dependsOn: [namespace] });
    const ready = new WebhookGate(
      `${name}-webhook-gate`,
      {
        webhook: "vscaledobject.kb.io",
        namespace: KEDA_NAMESPACE,
        namespaceResource: namespace,
        // A cron trigger on a workload that does not exist: valid, and scales nothing.
        probe: {
          apiVersion: "keda.sh/v1alpha1",
          kind: "ScaledObject",
          resource: "scaledobjects",
          namespaced: true,
          spec: {
            scaleTargetRef: { name: "webhook-gate-probe" },
            triggers: [{ type: "cron", metadata: { timezone: "Etc/UTC", start: "0 0 1 1 *", end: "0 1 1 1 *", desiredReplicas: "1" } }],
          },
        },
        operator: chart,
        operatorVersion: KEDA_CHARTS.keda.version,
        sizing: args.sizing,
      },
      { parent: this },
    );
    if (prometheus) this.monitor(name, prometheus, namespace);
    this.scaling = scaling(ready, prometheus?.url);
    for (const workload of args.scaledObjects ?? []) this.scaling.scale(workload, { parent: this, dependsOn: [] });
    this.registerOutputs({});
  }

  /**
   * One PodMonitor for the operator, the metrics server and the webhooks (each serves
   * `metrics`), and a policy in Prometheus's namespace that lets KEDA's queries in on its port.
   */
  private monitor(name: string, prometheus: KedaPrometheus, namespace: pulumi.Resource): void {
    const { ingress } = allowSpec(prometheus.namespace, [{ kind: "from-namespace", namespace: KEDA_NAMESPACE, ports: [prometheus.port] }]);
    new k8s.networking.v1.NetworkPolicy(
      `${prometheus.namespace}-allow-keda`,
      { metadata: { name: "allow-keda", namespace: prometheus.namespace }, spec: { podSelector: {}, policyTypes: ["Ingress"], ingress } },
      { parent: this, dependsOn: [prometheus.operator] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-pod-monitor`,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: "keda", namespace: KEDA_NAMESPACE },
        spec: { selector: { matchLabels: { "app.kubernetes.io/part-of": "keda-operator" } }, podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }] },
      },
      { parent: this, dependsOn: [namespace, prometheus.operator] },
    );
  }
}
