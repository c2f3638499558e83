import type { PinnedChart } from "../lib/charts";

/**
 * The Helm charts of the secrets layer, pinned. Values for each are written against that
 * version's own values.yaml; a version bump means reading the new one.
 */
export const SECRETS_CHARTS = {
  // Counted once: three replicas on full sizing, where the budget is a server's. Installed
  // twice: the server's release sets only `server`, the CSI provider's only `csi`.
  vault: {
    repo: "https://helm.releases.hashicorp.com",
    chart: "vault",
    version: "0.34.1",
    workloads: [
      // The chart's own defaults: the server on, the provider off.
      { resources: ["server", "resources"], replicas: 1, runsWhen: { path: ["server", "enabled"], byDefault: true } },
      { resources: ["csi", "resources"], replicas: "per-node", runsWhen: { path: ["csi", "enabled"], byDefault: false } },
    ],
  },
  externalSecrets: {
    repo: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "2.9.0",
    workloads: [
      { resources: ["resources"], replicas: 1 },
      { resources: ["webhook", "resources"], replicas: 1 },
      { resources: ["certController", "resources"], replicas: 1 },
    ],
  },
  secretsStoreCsiDriver: {
    repo: "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts",
    chart: "secrets-store-csi-driver",
    version: "1.6.0",
    workloads: [
      { resources: ["linux", "driver", "resources"], replicas: "per-node" },
      { resources: ["linux", "registrar", "resources"], replicas: "per-node" },
      { resources: ["linux", "livenessProbe", "resources"], replicas: "per-node" },
    ],
  },
} as const satisfies Record<string, PinnedChart>;
