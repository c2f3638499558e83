import * as pulumi from "@pulumi/pulumi";
import { Monitoring, type MonitoringArgs } from "./monitoring";
import { ALERTMANAGER_URL, PROMETHEUS_URL } from "./kube-prometheus-stack";

export type ObservabilityArgs = MonitoringArgs;

/**
 * Watching the platform: metrics, dashboards and alerts. Later layers add their own
 * monitors, which need `prometheusOperator`, and let Prometheus in from `namespace`.
 */
export class Observability extends pulumi.ComponentResource {
  readonly monitoring: Monitoring;
  /** What ServiceMonitors, PodMonitors and PrometheusRules of later layers depend on. */
  readonly prometheusOperator: pulumi.Resource;
  /** Where Prometheus runs: scraped namespaces let it in. */
  readonly namespace: string;
  /** In-cluster URLs of Prometheus and Alertmanager; Grafana shows both. */
  readonly urls: { readonly prometheus: string; readonly alertmanager: string };

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:Observability", name, {}, opts);
    this.monitoring = new Monitoring("monitoring", args, { parent: this });
    this.prometheusOperator = this.monitoring.chart;
    this.namespace = this.monitoring.namespace;
    this.urls = { prometheus: PROMETHEUS_URL, alertmanager: ALERTMANAGER_URL };
    this.registerOutputs({ prometheusOperator: this.prometheusOperator, namespace: this.namespace, urls: this.urls });
  }
}
