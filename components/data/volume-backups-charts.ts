import type { PinnedChart } from "../lib/charts";

/** K8up's chart, pinned; its values are written against this version's values.yaml. */
export const VOLUME_BACKUP_CHARTS = {
  k8up: {
    repo: "https://k8up-io.github.io/k8up",
    chart: "k8up",
    version: "4.9.0",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
} as const satisfies Record<string, PinnedChart>;
