import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** A workload a chart runs with the values this project gives it. */
export interface ChartWorkload {
  /** Path in the values to the workload's `resources` (requests and limits). */
  readonly resources: readonly (string | number)[];
  /** Pods it runs: a count, or one per node (DaemonSet). */
  readonly replicas: number | "per-node";
  /**
   * The value that switches it on, for a chart installed more than once with different
   * parts on (Vault's server, Vault's CSI provider): it runs when that value is `true`, or
   * unset and `byDefault`. @default it always runs
   */
  readonly runsWhen?: { readonly path: readonly string[]; readonly byDefault: boolean };
}

/** Whether a chart's workload runs with these values (see `ChartWorkload.runsWhen`). */
export function workloadRuns(workload: ChartWorkload, values: unknown): boolean {
  if (!workload.runsWhen) return true;
  const value = workload.runsWhen.path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);
  return (value ?? workload.runsWhen.byDefault) === true;
}

export interface PinnedChart {
  /** Chart name in `repo`, or an `oci://` reference. */
  readonly chart: string;
  readonly version: string;
  /** HTTP Helm repository; absent for OCI charts. */
  readonly repo?: string;
  /** Every workload it runs, so the sizing budget sees all of them. */
  readonly workloads: readonly ChartWorkload[];
  /**
   * `sha256:<hex>` of the chart archive, as its repository lists it; `npm run charts:fetch`
   * refuses an archive that does not match. @default none recorded: charts:fetch refuses the
   * archive unless run with --record
   */
  readonly digest?: string;
  /** Folder of its reference files (values.yaml, values.schema.json) when it is not the chart's name. @default the chart's name */
  readonly reference?: string;
}

export interface InstallChartArgs {
  readonly namespace: pulumi.Input<string>;
  readonly values: pulumi.Input<Record<string, unknown>>;
}

/**
 * A pinned chart through `helm.v4.Chart`, so previews show a diff per object. `release` is
 * the Helm release name; the resource is `<release>-chart`.
 */
export function installChart(
  release: string,
  pin: PinnedChart,
  args: InstallChartArgs,
  opts: pulumi.ComponentResourceOptions,
): k8s.helm.v4.Chart {
  return new k8s.helm.v4.Chart(
    `${release}-chart`,
    {
      name: release,
      chart: pin.chart,
      version: pin.version,
      ...(pin.repo && { repositoryOpts: { repo: pin.repo } }),
      namespace: args.namespace,
      values: args.values,
    },
    opts,
  );
}
