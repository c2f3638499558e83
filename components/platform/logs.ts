import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import type { ScrapeTarget } from "../lib/scrape-target";
import { installChart } from "../lib/charts";
import { ALLOY_PORT, ALLOY_RELEASE, alloyValues } from "./alloy";
import { PLATFORM_CHARTS } from "./charts";
import { type LogStorage, LOKI_PORT, LOKI_RELEASE, lokiUrl, lokiValues } from "./loki";

export interface LogsArgs {
  /** Where Loki and Alloy run, beside Grafana: its policy lets Alloy push and Grafana read. */
  readonly namespace: string;
  readonly sizing: SizingProfile;
  readonly storage: LogStorage;
  readonly storageClass: string;
  /** Ship each node's systemd journal too. @default false */
  readonly nodeJournal?: boolean;
  /** The namespace, and Grafana whose sidecar picks up the data source. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** Label Grafana's data source sidecar watches (kube-prometheus-stack's default). */
const DATASOURCE_LABEL = { grafana_datasource: "1" } as const;

/** Grafana's data source for Loki, as its provisioning file reads it. */
export function lokiDataSource(url: string) {
  return { apiVersion: 1, datasources: [{ name: "Loki", type: "loki", uid: "loki", access: "proxy", url, isDefault: false }] };
}

/**
 * Every pod's logs, and on machines the program built each node's journal: Grafana Alloy on
 * each node ships them to Loki (one binary, on a kept volume), which Grafana reads as a
 * data source.
 */
export class Logs extends pulumi.ComponentResource {
  /** Loki inside the cluster. */
  readonly lokiUrl: string;
  /** Loki's and Alloy's own metrics. */
  readonly scrapeTargets: readonly ScrapeTarget[];

  constructor(name: string, args: LogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:Logs", name, {}, opts);
    const after = { parent: this, dependsOn: [...args.dependsOn] };
    this.lokiUrl = lokiUrl(args.namespace);
    this.scrapeTargets = [
      { name: "loki", namespace: args.namespace, podLabels: { "app.kubernetes.io/name": LOKI_RELEASE }, portName: "http-metrics", port: LOKI_PORT },
      { name: "alloy", namespace: args.namespace, podLabels: { "app.kubernetes.io/name": ALLOY_RELEASE }, portName: "http-metrics", port: ALLOY_PORT },
    ];
    const loki = installChart(LOKI_RELEASE, PLATFORM_CHARTS.loki, { namespace: args.namespace, values: lokiValues(args) }, after);
    installChart(ALLOY_RELEASE, PLATFORM_CHARTS.alloy, { namespace: args.namespace, values: alloyValues({ sizing: args.sizing, lokiUrl: this.lokiUrl, nodeJournal: args.nodeJournal }) }, { parent: this, dependsOn: [...args.dependsOn, loki] });
    new k8s.core.v1.ConfigMap(
      `${name}-loki-datasource`,
      { metadata: { name: "loki-datasource", namespace: args.namespace, labels: DATASOURCE_LABEL }, data: { "loki.yaml": JSON.stringify(lokiDataSource(this.lokiUrl)) } },
      after,
    );
    this.registerOutputs({ lokiUrl: this.lokiUrl, scrapeTargets: this.scrapeTargets });
  }
}
