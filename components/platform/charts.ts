import type { PinnedChart } from "../lib/charts";

/**
 * The Helm charts the platform layer installs, pinned. Values are written against that
 * version's own values.yaml; a version bump means reading the new one.
 */
export const PLATFORM_CHARTS = {
  kubePrometheusStack: {
    repo: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    workloads: [
      { resources: ["prometheusOperator", "resources"], replicas: 1 },
      { resources: ["prometheus", "prometheusSpec", "resources"], replicas: 1 },
      { resources: ["alertmanager", "alertmanagerSpec", "resources"], replicas: 1 },
      // The operator adds this reloader to the Prometheus and the Alertmanager pod.
      { resources: ["prometheusOperator", "prometheusConfigReloader", "resources"], replicas: 2 },
      { resources: ["grafana", "resources"], replicas: 1 },
      // Two sidecars in Grafana's pod, dashboards and data sources, take these each.
      { resources: ["grafana", "sidecar", "resources"], replicas: 2 },
      { resources: ["kube-state-metrics", "resources"], replicas: 1 },
      { resources: ["prometheus-node-exporter", "resources"], replicas: "per-node" },
    ],
  },
  // Moved from grafana/helm-charts to the community repository.
  loki: {
    repo: "https://grafana-community.github.io/helm-charts",
    chart: "loki",
    version: "18.11.0",
    workloads: [{ resources: ["singleBinary", "resources"], replicas: 1 }],
  },
  alloy: {
    repo: "https://grafana.github.io/helm-charts",
    chart: "alloy",
    version: "1.11.1",
    workloads: [
      { resources: ["alloy", "resources"], replicas: "per-node" },
      { resources: ["configReloader", "resources"], replicas: "per-node" },
    ],
  },
  // The Elasticsearch backend of `observability.logs`: the operator, and Fluent Bit as its shipper.
  eckOperator: {
    repo: "https://helm.elastic.co",
    chart: "eck-operator",
    version: "3.5.0",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
  fluentBit: {
    repo: "https://fluent.github.io/helm-charts",
    chart: "fluent-bit",
    version: "0.58.1",
    workloads: [{ resources: ["resources"], replicas: "per-node" }],
  },
} as const satisfies Record<string, PinnedChart>;
