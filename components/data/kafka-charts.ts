import type { PinnedChart } from "../lib/charts";

/**
 * The Helm charts of the data layer's Kafka part, pinned. Values for each are written
 * against that version's own values.yaml; a version bump means reading the new one.
 */
export const KAFKA_CHARTS = {
  // The CRDs come from the chart's crds/ folder; the operator has no admission webhook.
  strimzi: {
    chart: "oci://quay.io/strimzi-helm/strimzi-kafka-operator",
    version: "1.2.0",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
  kafkaUi: {
    repo: "https://ui.charts.kafbat.io",
    chart: "kafka-ui",
    version: "1.5.2",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
} as const satisfies Record<string, PinnedChart>;
