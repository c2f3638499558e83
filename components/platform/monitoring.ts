import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import { GRAFANA_CLIENT, GRAFANA_OIDC_SECRET, type GrafanaSso, grafanaRedirectUris, grafanaSsoValues } from "./grafana-sso";
import { platformUrlCalls } from "../lib/platform-url-calls";
import { installChart } from "../lib/charts";
import type { CredentialSink } from "../lib/credentials";
import { exposeService } from "../lib/expose-service";
import type { Exposure } from "../lib/exposure";
import { type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import type { ScrapeTarget } from "../lib/scrape-target";
import type { ObjectStorageServerKind } from "../system";
import { type AlertReceivers, type AlertReceiverSecrets, alertmanagerYaml, receiverPorts } from "./alert-receivers";
import { alertGroups, prometheusRuleSpec } from "./alert-rules";
import { PLATFORM_CHARTS } from "./charts";
import { dashboardConfigMaps } from "./dashboard-config-maps";
import { DASHBOARDS } from "./dashboards";
import {
  ALERTMANAGER_CONFIG_SECRET,
  GRAFANA_ADMIN_SECRET,
  GRAFANA_SERVICE,
  KPS_RELEASE,
  kubePrometheusStackValues,
  MONITORING_NAMESPACE,
  OPERATOR_WEBHOOK_PORT,
} from "./kube-prometheus-stack";
import { podMonitors } from "./pod-monitors";
import type { PrometheusStorage } from "./prometheus-storage";

export interface MonitoringArgs {
  readonly sizing: SizingProfile;
  /** Retention and volume of Prometheus. */
  readonly storage: PrometheusStorage;
  readonly storageClass: string;
  /** What earlier layers serve to Prometheus. */
  readonly scrapeTargets: readonly ScrapeTarget[];
  /** cert-manager, which issues the operator's webhook certificate, and the targets' namespaces. */
  readonly dependsOn: readonly pulumi.Resource[];
  readonly exposure: Exposure;
  /** Where Grafana's admin login and Alertmanager's configuration are asked for. */
  readonly credentials: CredentialSink;
  /** Where alerts go. @default none: Grafana and Alertmanager's UI show them */
  readonly receivers?: AlertReceivers;
  /** The receivers' tokens and passwords, as Pulumi secrets. @default none */
  readonly receiverSecrets?: { readonly [Key in keyof AlertReceiverSecrets]?: pulumi.Input<string> };
  /** A GPU reports through the DCGM exporter: the GPU alerts apply. @default false */
  readonly gpuTelemetry?: boolean;
  /** The system layer's S3 server: SeaweedFS's metrics have alerts. @default none */
  readonly objectStorageServer?: ObjectStorageServerKind;
  /** Grafana's login through the realm. @default none: the admin login only */
  readonly sso?: GrafanaSso;
}

/** Ports of the node itself that Prometheus scrapes: node-exporter and the kubelet (cAdvisor). */
const NODE_PORTS = [9100, 10250];

/** What the monitoring namespace lets through. */
export function monitoringAllows(targets: readonly ScrapeTarget[], receivers: AlertReceivers = {}): NetworkAllow[] {
  const hostPorts = targets.filter((t) => t.hostNetwork).map((t) => t.port);
  const outPorts = receiverPorts(receivers);
  return [
    { kind: "within-namespace" },
    { kind: "api-server" },
    { kind: "from-gateway", ports: [GRAFANA_SERVICE.containerPort] },
    { kind: "from-anywhere", ports: [OPERATOR_WEBHOOK_PORT] },
    // Monitors of later layers name ports nobody here knows: each scraped namespace lets
    // Prometheus in on its metrics ports only, which is where the line is drawn.
    { kind: "to-cluster-pods" },
    { kind: "to-nodes", ports: [...new Set([...NODE_PORTS, ...hostPorts])] },
    // Alertmanager calls its receivers, hosted ones or the homelab's own (ntfy, a webhook).
    ...(outPorts.length > 0 ? [{ kind: "to-internet", ports: outPorts } as const, { kind: "to-lan", ports: outPorts } as const] : []),
  ];
}

/**
 * Metrics for the whole platform: kube-prometheus-stack (the Prometheus operator,
 * Prometheus, Alertmanager with the stack file's receivers, node-exporter,
 * kube-state-metrics), the platform's alert rules, Grafana at
 * `https://grafana.<domain>` and the platform's dashboards, and a PodMonitor for every
 * target earlier layers declared.
 */
export class Monitoring extends pulumi.ComponentResource {
  /** The chart: ServiceMonitors, PodMonitors and rules need its CRDs. */
  readonly chart: k8s.helm.v4.Chart;
  readonly namespace = MONITORING_NAMESPACE;
  /** Grafana's generated admin login. */
  readonly grafanaAdmin: { readonly username: string; readonly password: pulumi.Output<string> };

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:Monitoring", name, {}, opts);
    const { namespace } = platformNamespace(
      MONITORING_NAMESPACE,
      {
        podSecurity: { level: "privileged", reason: "node-exporter reads the host's /proc and /sys on the host network and PID namespace; Alloy reads the node's /var/log" },
        allow: monitoringAllows(args.scrapeTargets, args.receivers),
        // Prometheus's volume is in here.
        holdsData: true,
        // Grafana trusts the issuer's certificate with it.
        ...(args.sso?.clients.issuerCa !== undefined && { caCertificate: args.sso.clients.issuerCa }),
      },
      { parent: this },
    );
    const password = new random.RandomPassword(`${name}-grafana-password`, { length: 24, special: false }, { parent: this });
    this.grafanaAdmin = { username: "admin", password: password.result };
    const admin = args.credentials.request({
      resourceName: `${name}-grafana-admin`,
      secretName: GRAFANA_ADMIN_SECRET,
      namespace: MONITORING_NAMESPACE,
      data: { "admin-user": this.grafanaAdmin.username, "admin-password": password.result },
      parent: this,
      dependsOn: [namespace],
    });
    const alertmanagerConfig = args.credentials.request({
      resourceName: `${name}-alertmanager-config`,
      secretName: ALERTMANAGER_CONFIG_SECRET,
      namespace: MONITORING_NAMESPACE,
      data: { "alertmanager.yaml": pulumi.secret(pulumi.all(args.receiverSecrets ?? {}).apply((secrets) => alertmanagerYaml(args.receivers ?? {}, secrets))) },
      parent: this,
      dependsOn: [namespace],
    });
    const grafanaUrl = `https://grafana.${args.exposure.domain}`;
    const sso = args.sso && this.grafanaLogin(name, args.sso, grafanaUrl, args.exposure, args.credentials, namespace);
    this.chart = installChart(
      KPS_RELEASE,
      PLATFORM_CHARTS.kubePrometheusStack,
      { namespace: MONITORING_NAMESPACE, values: kubePrometheusStackValues({ ...args, grafanaUrl, grafanaSso: sso?.values }) },
      { parent: this, dependsOn: [namespace, admin, alertmanagerConfig, ...(sso ? [sso.secret] : []), ...args.dependsOn] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-alert-rules`,
      { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: "homelab", namespace: MONITORING_NAMESPACE }, spec: prometheusRuleSpec(alertGroups(args.gpuTelemetry ?? false, args.objectStorageServer)) },
      { parent: this, dependsOn: [this.chart] },
    );
    podMonitors({ targets: args.scrapeTargets, monitoringNamespace: MONITORING_NAMESPACE, dependsOn: [this.chart, ...args.dependsOn] }, { parent: this });
    dashboardConfigMaps(DASHBOARDS, MONITORING_NAMESPACE, { parent: this, dependsOn: [namespace] });
    exposeService(args.exposure, { name: "grafana", namespace: MONITORING_NAMESPACE, service: GRAFANA_SERVICE.name, port: GRAFANA_SERVICE.port }, { parent: this, dependsOn: [namespace] });
    this.registerOutputs({ chart: this.chart, namespace: this.namespace, grafanaAdmin: this.grafanaAdmin });
  }

  /** Grafana's client of the realm, its secret delivered into the namespace, and the values that use them. */
  private grafanaLogin(name: string, sso: GrafanaSso, grafanaUrl: string, exposure: Exposure, credentials: CredentialSink, namespace: pulumi.Resource) {
    const client = sso.clients.client({ clientId: GRAFANA_CLIENT, redirectUris: grafanaRedirectUris(grafanaUrl) });
    const secret = credentials.request({
      resourceName: `${name}-grafana-oidc`,
      secretName: GRAFANA_OIDC_SECRET,
      namespace: MONITORING_NAMESPACE,
      data: { "client-secret": client.clientSecret },
      parent: this,
      dependsOn: [namespace],
    });
    return { secret, values: grafanaSsoValues({ client, issuerCalls: platformUrlCalls(exposure, [sso.clients.issuerHost]), trustIssuerCa: sso.clients.issuerCa !== undefined }, grafanaUrl) };
  }
}
