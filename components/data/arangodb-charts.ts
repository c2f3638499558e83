import type { PinnedChart } from "../lib/charts";

/** The ArangoDB operator's chart, pinned; its values are written against this version's values.yaml. */
export const ARANGODB_CHARTS = {
  arangodb: {
    repo: "https://arangodb.github.io/kube-arangodb",
    chart: "kube-arangodb",
    version: "1.4.4",
    workloads: [{ resources: ["operator", "resources"], replicas: 1 }],
  },
} as const satisfies Record<string, PinnedChart>;
