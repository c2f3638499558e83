import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** A workload a chart runs with the values this project gives it. */
export interface ChartWorkload {
  /** Path in the values to the workload's `resources` (requests and limits). */
  readonly resources: readonly string[];
  /** Pods it runs: a count, or one per node (DaemonSet). */
  readonly replicas: number | "per-node";
}

export interface PinnedChart {
  /** Chart name in `repo`, or an `oci://` reference. */
  readonly chart: string;
  readonly version: string;
  /** HTTP Helm repository; absent for OCI charts. */
  readonly repo?: string;
  /** Every workload it runs, so the sizing budget sees all of them. */
  readonly workloads: readonly ChartWorkload[];
}

/**
 * Every Helm chart the platform installs, pinned. Values for each are written against that
 * version's own values.yaml; a version bump means reading the new one.
 */
export const CHARTS = {
  metallb: {
    repo: "https://metallb.github.io/metallb",
    chart: "metallb",
    version: "0.16.1",
    workloads: [
      { resources: ["controller", "resources"], replicas: 1 },
      { resources: ["speaker", "resources"], replicas: "per-node" },
    ],
  },
  traefik: {
    repo: "https://traefik.github.io/charts",
    chart: "traefik",
    version: "41.3.0",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
  certManager: {
    chart: "oci://quay.io/jetstack/charts/cert-manager",
    version: "v1.21.1",
    workloads: [
      { resources: ["resources"], replicas: 1 },
      { resources: ["webhook", "resources"], replicas: 1 },
      { resources: ["cainjector", "resources"], replicas: 1 },
    ],
  },
  cloudnativePg: {
    repo: "https://cloudnative-pg.github.io/charts",
    chart: "cloudnative-pg",
    version: "0.29.0",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
  reloader: {
    repo: "https://stakater.github.io/stakater-charts",
    chart: "reloader",
    version: "2.2.16",
    workloads: [{ resources: ["reloader", "deployment", "resources"], replicas: 1 }],
  },
} as const satisfies Record<string, PinnedChart>;

export type ChartName = keyof typeof CHARTS;

/** Looks a chart up by its `chart` field (as rendered), for checks over a render. */
export function pinnedChartOf(chart: string): PinnedChart | undefined {
  return Object.values(CHARTS).find((pin: PinnedChart) => pin.chart === chart);
}

export interface InstallChartArgs {
  readonly namespace: pulumi.Input<string>;
  readonly values: pulumi.Input<Record<string, unknown>>;
}

/** A pinned chart through `helm.v4.Chart`, so previews show a diff per object. */
export function installChart(
  name: string,
  pin: PinnedChart,
  args: InstallChartArgs,
  opts: pulumi.ComponentResourceOptions,
): k8s.helm.v4.Chart {
  return new k8s.helm.v4.Chart(
    name,
    {
      chart: pin.chart,
      version: pin.version,
      ...(pin.repo && { repositoryOpts: { repo: pin.repo } }),
      namespace: args.namespace,
      values: args.values,
    },
    opts,
  );
}
