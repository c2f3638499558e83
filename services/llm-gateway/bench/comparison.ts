import { readFile, writeFile } from "node:fs/promises";
import type { Percentiles } from "./http-timing.ts";

export interface Figures {
  readonly latency: Percentiles;
  readonly firstByte: Percentiles;
  readonly rps: number | undefined;
  /** CPU time the gateway spent per request under wrk, in microseconds: what a shared machine's load does not change much. */
  readonly cpuMicrosPerRequest?: number | undefined;
}

/** One run's figures per target, as saved with BENCH_SAVE and read back with BENCH_BASELINE. */
export interface SavedRun {
  readonly node: string;
  readonly bundle: string;
  readonly targets: Record<string, Figures>;
}

export async function saveRun(path: string, run: SavedRun): Promise<void> {
  await writeFile(path, `${JSON.stringify(run, null, 2)}\n`);
}

export async function loadRun(path: string): Promise<SavedRun> {
  const run = JSON.parse(await readFile(path, "utf8")) as SavedRun;
  if (!run.targets?.gateway) throw new Error(`${path} holds no gateway figures; save a run with BENCH_SAVE first`);
  return run;
}

/**
 * The gateway's figures beside a saved run's: what it adds to the upstream
 * it calls, and its requests/s as a share of nginx's, each from its own run,
 * so a busier machine during one run does not pass for a faster gateway.
 */
export function comparisonTable(before: SavedRun, after: SavedRun, labels: { before: string; after: string }): string {
  const ms = (value: number) => value.toFixed(2);
  const rows: [string, (run: SavedRun) => string][] = [
    ["gateway requests/s", (run) => String(Math.round(run.targets.gateway?.rps ?? NaN))],
    ["nginx requests/s", (run) => String(Math.round(run.targets.nginx?.rps ?? NaN))],
    ["node proxy requests/s", (run) => rounded(run.targets["node proxy"]?.rps)],
    ["gateway as share of nginx", (run) => `${share(run)}%`],
    ["gateway CPU per request (µs)", (run) => String(Math.round(run.targets.gateway?.cpuMicrosPerRequest ?? NaN))],
    ["gateway latency p50 (ms)", (run) => ms(run.targets.gateway?.latency.p50 ?? NaN)],
    ["gateway latency p99 (ms)", (run) => ms(run.targets.gateway?.latency.p99 ?? NaN)],
    ["added latency p50 (ms)", (run) => ms(added(run, "p50"))],
    ["added latency p99 (ms)", (run) => ms(added(run, "p99"))],
  ];
  return [
    `| figure | ${labels.before} | ${labels.after} |`,
    "| --- | ---: | ---: |",
    ...rows.map(([name, value]) => `| ${name} | ${value(before)} | ${value(after)} |`),
  ].join("\n");
}

function share(run: SavedRun): string {
  const { gateway, nginx } = run.targets;
  return gateway?.rps && nginx?.rps ? ((gateway.rps / nginx.rps) * 100).toFixed(0) : "n/a";
}

function added(run: SavedRun, percentile: keyof Percentiles): number {
  const { gateway, direct } = run.targets;
  return (gateway?.latency[percentile] ?? NaN) - (direct?.latency[percentile] ?? NaN);
}

/** A figure a run may lack (one saved before the target existed): "n/a" then. */
function rounded(value: number | undefined): string {
  return value === undefined ? "n/a" : String(Math.round(value));
}
