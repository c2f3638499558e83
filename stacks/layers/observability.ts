import { LOG_STORAGE, Observability, PLATFORM_CHARTS, PROMETHEUS_STORAGE } from "../../components/platform";
import { TARGETS } from "../targets/catalog";
import { defineLayer } from "./layer";
import { ALERT_SECRETS, alertProblems, observabilitySchema } from "./observability-config";

const OBSERVABILITY_KEYS = { observability: observabilitySchema };

const MINIKUBE = {
  target: "minikube",
  domain: "homelab.test",
  loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
} as const;

/**
 * Metrics, dashboards and alerts for everything the platform runs: kube-prometheus-stack
 * with Grafana at `https://grafana.<domain>`, scraping every target the layers declare.
 */
export const observabilityLayer = defineLayer({
  name: "observability",
  features: {
    observability: {
      summary: "the observability layer (metrics, logs, dashboards, alerts)",
      // A Prometheus with two weeks of samples wants a server's room; a laptop turns it on when wanted.
      default: (target) => target.capabilities.sizing === "full",
      keys: ["observability", ...Object.keys(ALERT_SECRETS)],
    },
  },
  switch: "observability",
  config: OBSERVABILITY_KEYS,
  secrets: ALERT_SECRETS,
  checks: [{ needs: ["features", "observability"], run: (c, { secretKeys }) => (c.features.observability ? alertProblems(c.observability.alerts, secretKeys) : []) }],
  charts: PLATFORM_CHARTS,
  needs: ["system"],
  build: ({ config, target, endpoints, credentials, platform, opts }) => {
    const defaults = PROMETHEUS_STORAGE[target.sizing];
    const logDefaults = LOG_STORAGE[target.sizing];
    const { prometheus, logs, alerts } = config.observability;
    const observability = new Observability(
      "observability",
      {
        sizing: target.sizing,
        storage: { retention: prometheus.retention ?? defaults.retention, size: prometheus.size ?? defaults.size },
        logStorage: { retention: logs.retention ?? logDefaults.retention, size: logs.size ?? logDefaults.size },
        storageClass: target.storage.rwo.className,
        nodeJournal: TARGETS[target.name].capabilities.nodeJournal ?? false,
        logBackend: logs.backend,
        issuer: platform.system.localIssuer,
        scrapeTargets: [...platform.system.scrapeTargets, ...(platform.scrapeTargets?.targets ?? [])],
        dependsOn: [platform.system, ...(platform.scrapeTargets ? [platform.scrapeTargets.madeBy] : [])],
        exposure: platform.system.exposure,
        credentials,
        receivers: alerts,
        receiverSecrets: {
          telegramBotToken: config.secrets.alertTelegramBotToken,
          ntfyToken: config.secrets.alertNtfyToken,
          emailPassword: config.secrets.alertEmailPassword,
        },
        // The GPU operator runs the DCGM exporter; the device plugin alone reports nothing.
        gpuTelemetry: target.gpu === "gpu-operator",
        objectStorageServer: platform.system.objectStorage?.server,
        // With single sign-on, people log in to Grafana through the realm.
        sso: platform.sso && { clients: platform.sso },
      },
      opts,
    );
    return {
      provides: { observability },
      outputs: {
        credentials: { grafana: observability.monitoring.grafanaAdmin, ...(observability.elasticAdmin && { elasticsearch: observability.elasticAdmin }) },
        values: {
          /** Grafana's URL (and Kibana's), and Prometheus's, Alertmanager's and the log store's inside the cluster. */
          observability: { grafana: endpoints.urls().grafana!, ...(endpoints.urls().kibana && { kibana: endpoints.urls().kibana }), ...observability.urls },
        },
      },
    };
  },
  examples: {
    "minikube with observability": { ...MINIKUBE, features: { observability: true } },
    "minikube with observability and longer retentions": {
      ...MINIKUBE,
      features: { observability: true },
      observability: { prometheus: { retention: "7d", size: "10Gi" }, logs: { retention: "30d", size: "10Gi" } },
    },
    "homelab with observability and node journals": {
      target: "bare-metal",
      domain: "lab.home.arpa",
      cluster: { stack: "homelab-metal" },
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] },
      features: { observability: true, objectStorage: true },
    },
    "homelab with logs in Elasticsearch and node journals": {
      target: "bare-metal",
      domain: "lab.home.arpa",
      cluster: { stack: "homelab-metal" },
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] },
      features: { observability: true },
      observability: { logs: { backend: "elasticsearch", retention: "4w", size: "30Gi" } },
    },
    "minikube with observability and every alert receiver": {
      ...MINIKUBE,
      features: { observability: true },
      alertTelegramBotToken: { secure: "v1:abc" },
      alertNtfyToken: { secure: "v1:abc" },
      alertEmailPassword: { secure: "v1:abc" },
      observability: {
        alerts: {
          telegram: { chatId: -1001234567890 },
          ntfy: { topic: "homelab-alerts" },
          email: { to: "me@example.com", from: "alerts@example.com", smarthost: "smtp.example.com:587", username: "alerts@example.com" },
          webhook: { url: "https://hooks.example.com:8443/alerts" },
        },
      },
    },
  },
});
