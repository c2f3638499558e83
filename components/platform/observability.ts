import * as pulumi from "@pulumi/pulumi";
import type { ScrapeTarget } from "../lib/scrape-target";
import { ElasticLogs } from "./elastic-logs";
import { ALERTMANAGER_URL, PROMETHEUS_URL } from "./kube-prometheus-stack";
import { Logs } from "./logs";
import type { LogStorage } from "./loki";
import { Monitoring, type MonitoringArgs } from "./monitoring";
import { podMonitors } from "./pod-monitors";

/** Where the pods' logs go: Loki read in Grafana, or Elasticsearch read in Kibana. */
export type LogBackend = "loki" | "elasticsearch";

export interface ObservabilityArgs extends MonitoringArgs {
  /** Retention and volume of the logs (Elasticsearch: the volume of each node). */
  readonly logStorage: LogStorage;
  /** The nodes keep a systemd journal worth shipping (machines the program built). @default false */
  readonly nodeJournal?: boolean;
  /** @default "loki" */
  readonly logBackend?: LogBackend;
  /** The ClusterIssuer of in-cluster listeners: the ECK operator's webhook certificate comes from it. */
  readonly issuer: { readonly name: string; readonly ready: pulumi.Resource };
}

/** In-cluster URLs of Prometheus and Alertmanager, and of the log store that runs. */
export interface ObservabilityUrls {
  readonly prometheus: string;
  readonly alertmanager: string;
  readonly loki?: string;
  readonly elasticsearch?: string;
}

/**
 * Watching the platform: metrics, dashboards, alerts and logs. Later layers add their own
 * monitors, which need `prometheusOperator`, and let Prometheus in from `namespace`.
 */
export class Observability extends pulumi.ComponentResource {
  readonly monitoring: Monitoring;
  /** Elasticsearch's superuser login, with the Elasticsearch backend. */
  readonly elasticAdmin?: { readonly username: string; readonly password: pulumi.Output<string> };
  /** What ServiceMonitors, PodMonitors and PrometheusRules of later layers depend on. */
  readonly prometheusOperator: pulumi.Resource;
  /** Where Prometheus runs: scraped namespaces let it in. */
  readonly namespace: string;
  readonly urls: ObservabilityUrls;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:Observability", name, {}, opts);
    this.monitoring = new Monitoring("monitoring", args, { parent: this });
    const common = { namespace: this.monitoring.namespace, sizing: args.sizing, storageClass: args.storageClass, nodeJournal: args.nodeJournal, dependsOn: [this.monitoring.chart] };
    let scrapeTargets: readonly ScrapeTarget[];
    if (args.logBackend === "elasticsearch") {
      const logs = new ElasticLogs(
        "elastic-logs",
        { ...common, size: args.logStorage.size, retention: args.logStorage.retention, exposure: args.exposure, credentials: args.credentials, issuer: args.issuer, dependsOn: [...common.dependsOn, ...args.dependsOn] },
        { parent: this },
      );
      this.elasticAdmin = logs.admin;
      this.urls = { prometheus: PROMETHEUS_URL, alertmanager: ALERTMANAGER_URL, elasticsearch: logs.elasticsearchUrl };
      scrapeTargets = logs.scrapeTargets;
    } else {
      const logs = new Logs("logs", { ...common, storage: args.logStorage }, { parent: this });
      this.urls = { prometheus: PROMETHEUS_URL, alertmanager: ALERTMANAGER_URL, loki: logs.lokiUrl };
      scrapeTargets = logs.scrapeTargets;
    }
    podMonitors({ targets: scrapeTargets, monitoringNamespace: this.monitoring.namespace, dependsOn: [this.monitoring.chart] }, { parent: this });
    this.prometheusOperator = this.monitoring.chart;
    this.namespace = this.monitoring.namespace;
    this.registerOutputs({ monitoring: this.monitoring, elasticAdmin: this.elasticAdmin, prometheusOperator: this.prometheusOperator, namespace: this.namespace, urls: this.urls });
  }
}
