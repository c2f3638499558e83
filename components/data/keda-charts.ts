import type { PinnedChart } from "../lib/charts";

/** KEDA's chart, pinned; its values are written against this version's values.yaml. */
export const KEDA_CHARTS = {
  keda: {
    repo: "https://kedacore.github.io/charts",
    chart: "keda",
    version: "2.20.2",
    workloads: [
      { resources: ["resources", "operator"], replicas: 1 },
      { resources: ["resources", "metricServer"], replicas: 1 },
      { resources: ["resources", "webhooks"], replicas: 1 },
    ],
  },
} as const satisfies Record<string, PinnedChart>;
