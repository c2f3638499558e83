import type { PinnedChart } from "../lib/charts";

/**
 * The Helm charts the LLM layer installs, pinned. Values are written against that
 * version's own values.yaml; a version bump means reading the new one.
 */
export const LLM_CHARTS = {
  openWebui: {
    repo: "https://helm.openwebui.com/",
    chart: "open-webui",
    version: "16.0.0",
    workloads: [
      { resources: ["resources"], replicas: 1 },
      { resources: ["copyAppData", "resources"], replicas: 1 },
    ],
  },
} as const satisfies Record<string, PinnedChart>;
