import type { SizingProfile } from "../lib/capabilities";
import { resources } from "../lib/sizing";
import { REPLACED_DEFAULT_ALERTS } from "./alert-rules";
import type { grafanaSsoValues } from "./grafana-sso";
import { type PrometheusStorage, retentionSize } from "./prometheus-storage";

export const MONITORING_NAMESPACE = "monitoring";
/** The Helm release: it contains the chart's name, so objects are named `kube-prometheus-stack-<part>`. */
export const KPS_RELEASE = "kube-prometheus-stack";
export const GRAFANA_SERVICE = { name: `${KPS_RELEASE}-grafana`, port: 80, containerPort: 3000 } as const;
export const PROMETHEUS_URL = `http://${KPS_RELEASE}-prometheus.${MONITORING_NAMESPACE}.svc:9090`;
export const ALERTMANAGER_URL = `http://${KPS_RELEASE}-alertmanager.${MONITORING_NAMESPACE}.svc:9093`;
/** The prometheus-operator's admission webhook, which the API server calls. */
export const OPERATOR_WEBHOOK_PORT = 10250;
/** Alertmanager's configuration Secret: the operator's name for the release's Alertmanager. */
export const ALERTMANAGER_CONFIG_SECRET = `alertmanager-${KPS_RELEASE}-alertmanager`;
/** Secret with Grafana's admin login, delivered through the credential sink. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
/** Label Grafana's sidecar watches for dashboards, in every namespace. */
export const DASHBOARD_LABEL = { key: "grafana_dashboard", value: "1" } as const;

export interface KubePrometheusStackValuesArgs {
  readonly sizing: SizingProfile;
  readonly storage: PrometheusStorage;
  readonly storageClass: string;
  /** Grafana's public URL, for links it renders. */
  readonly grafanaUrl: string;
  /** Grafana's login through single sign-on (`grafana-sso.ts`). @default none: the admin login only */
  readonly grafanaSso?: ReturnType<typeof grafanaSsoValues>;
}

/**
 * The control plane parts that listen only on the node's loopback: kubeadm (minikube)
 * binds the scheduler, controller manager, etcd metrics and kube-proxy to 127.0.0.1, and
 * k3s runs them all inside its one process without a Service in front. Their jobs and
 * rules would be down by design everywhere, so none is scraped; the API server, the
 * kubelet and CoreDNS are.
 */
const LOOPBACK_ONLY = {
  kubeControllerManager: { enabled: false },
  kubeScheduler: { enabled: false },
  kubeEtcd: { enabled: false },
  kubeProxy: { enabled: false },
} as const;

const LOOPBACK_ONLY_RULES = { etcd: false, kubeControllerManager: false, kubeProxy: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, windows: false } as const;

/** Selectors that take every monitor and rule of every namespace, not only the release's own. */
const SELECT_EVERYTHING = {
  serviceMonitorSelectorNilUsesHelmValues: false,
  podMonitorSelectorNilUsesHelmValues: false,
  ruleSelectorNilUsesHelmValues: false,
  probeSelectorNilUsesHelmValues: false,
  scrapeConfigSelectorNilUsesHelmValues: false,
} as const;

/**
 * Chart values. The operator's admission webhook certificate is a Helm hook's Secret in the
 * chart's default; `helm.v4.Chart` runs no hooks, so cert-manager (from the system layer)
 * issues it, from a self-signed CA the chart makes in this namespace: only the API server
 * trusts that certificate, which cert-manager's CA injector arranges.
 */
export function kubePrometheusStackValues(args: KubePrometheusStackValuesArgs) {
  const { sizing, storage } = args;
  return {
    crds: { enabled: true },
    ...LOOPBACK_ONLY,
    windowsMonitoring: { enabled: false },
    defaultRules: { rules: LOOPBACK_ONLY_RULES, disabled: Object.fromEntries(REPLACED_DEFAULT_ALERTS.map((alert) => [alert, true])) },
    prometheusOperator: {
      admissionWebhooks: { certManager: { enabled: true } },
      resources: resources(sizing, "small"),
      prometheusConfigReloader: { resources: resources(sizing, "tiny") },
    },
    prometheus: {
      prometheusSpec: {
        ...SELECT_EVERYTHING,
        retention: storage.retention,
        retentionSize: retentionSize(storage.size),
        resources: resources(sizing, "large"),
        storageSpec: {
          volumeClaimTemplate: {
            spec: { storageClassName: args.storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: storage.size } } },
          },
        },
      },
    },
    // Its configuration holds receivers' tokens: a Secret delivered like every credential.
    alertmanager: { alertmanagerSpec: { useExistingSecret: true, resources: resources(sizing, "tiny") } },
    grafana: {
      // Its state is provisioned (data sources, dashboards, the admin from a Secret): nothing to keep.
      persistence: { enabled: false },
      admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
      "grafana.ini": { server: { root_url: args.grafanaUrl }, ...args.grafanaSso?.ini },
      ...args.grafanaSso?.subchart,
      resources: resources(sizing, "medium"),
      sidecar: {
        resources: resources(sizing, "tiny"),
        dashboards: { label: DASHBOARD_LABEL.key, labelValue: DASHBOARD_LABEL.value, searchNamespace: "ALL", folderAnnotation: "grafana_folder", provider: { foldersFromFilesStructure: true } },
      },
    },
    "kube-state-metrics": { resources: resources(sizing, "tiny") },
    "prometheus-node-exporter": { resources: resources(sizing, "tiny") },
  };
}
