import type { PinnedChart } from "../lib/charts";

/**
 * The Helm charts the data layer installs, pinned. Values for each are written against
 * that version's own values.yaml; a version bump means reading the new one.
 */
export const DATA_CHARTS = {
  // Chart 0.7.0 ignores certificate.issuerName: its Certificates always use its own
  // self-signed Issuer, so it needs cert-manager and nothing more.
  barmanCloud: {
    repo: "https://cloudnative-pg.github.io/charts",
    chart: "plugin-barman-cloud",
    version: "0.7.0",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
} as const satisfies Record<string, PinnedChart>;
