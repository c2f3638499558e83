import * as pulumi from "@pulumi/pulumi";
import { ALERTMANAGER_URL, PROMETHEUS_URL } from "./kube-prometheus-stack";
import { Logs } from "./logs";
import type { LogStorage } from "./loki";
import { Monitoring, type MonitoringArgs } from "./monitoring";
import { podMonitors } from "./pod-monitors";

export interface ObservabilityArgs extends MonitoringArgs {
  /** Retention and volume of Loki. */
  readonly logStorage: LogStorage;
  /** The nodes keep a systemd journal worth shipping (machines the program built). @default false */
  readonly nodeJournal?: boolean;
}

/**
 * Watching the platform: metrics, dashboards, alerts and logs. Later layers add their own
 * monitors, which need `prometheusOperator`, and let Prometheus in from `namespace`.
 */
export class Observability extends pulumi.ComponentResource {
  readonly monitoring: Monitoring;
  readonly logs: Logs;
  /** What ServiceMonitors, PodMonitors and PrometheusRules of later layers depend on. */
  readonly prometheusOperator: pulumi.Resource;
  /** Where Prometheus runs: scraped namespaces let it in. */
  readonly namespace: string;
  /** In-cluster URLs of Prometheus, Alertmanager and Loki; Grafana shows them all. */
  readonly urls: { readonly prometheus: string; readonly alertmanager: string; readonly loki: string };

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:Observability", name, {}, opts);
    this.monitoring = new Monitoring("monitoring", args, { parent: this });
    this.logs = new Logs(
      "logs",
      { namespace: this.monitoring.namespace, sizing: args.sizing, storage: args.logStorage, storageClass: args.storageClass, nodeJournal: args.nodeJournal, dependsOn: [this.monitoring.chart] },
      { parent: this },
    );
    podMonitors({ targets: this.logs.scrapeTargets, monitoringNamespace: this.monitoring.namespace, dependsOn: [this.monitoring.chart] }, { parent: this });
    this.prometheusOperator = this.monitoring.chart;
    this.namespace = this.monitoring.namespace;
    this.urls = { prometheus: PROMETHEUS_URL, alertmanager: ALERTMANAGER_URL, loki: this.logs.lokiUrl };
    this.registerOutputs({ monitoring: this.monitoring, logs: this.logs, prometheusOperator: this.prometheusOperator, namespace: this.namespace, urls: this.urls });
  }
}
