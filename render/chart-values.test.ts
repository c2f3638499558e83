import { describe, expect, it } from "vitest";
import { type PinnedChart, workloadRuns } from "../components/lib/charts";
import { chartRegistry } from "../stacks/layers/catalog";
import { chartName, hasReferences, helmMerge, loadReference, REFERENCE_ENV, referenceDir, schemaProblems, unknownKeys } from "./chart-reference";
import { resourcesOfType } from "./harness";
import { RENDERS } from "./test-renders";
import type { RecordedResource } from "./run-under-mocks";
import { isPlainObject, plain } from "./secret";

/** Charts whose release files the reference folder may lack; their values were read at the pinned tag. */
const NOT_IN_REFERENCE: Readonly<Record<string, string>> = {
  seaweedfs: "k8s/charts/seaweedfs/values.yaml at seaweedfs/seaweedfs tag 4.44",
  // The saved k8s-gateway reference is ori-edge's unmaintained 2.4.0; the pin is the fork's.
  "k8s-gateway": "charts/k8s-gateway/values.yaml at k8s-gateway/k8s_gateway tag k8s-gateway-3.7.2",
};

/** Maps whose keys a chart takes as names (Traefik's entry points); their contents the schema still checks. */
const NAMED_ENTRIES: Readonly<Record<string, readonly string[]>> = {
  traefik: ["ports"],
};

/** Keys a chart's templates read that its values.yaml does not list. */
const TEMPLATE_ONLY_KEYS: Readonly<Record<string, readonly string[]>> = {
  tenant: ["tenant.configSecret.existingSecret"],
};

/**
 * Maps a chart passes on whole, whose keys its values.yaml cannot list: Grafana's ini file
 * takes any Grafana setting and Loki's `limits_config` any Loki limit; kube-state-metrics
 * and node-exporter are subcharts whose releases are not in the reference (only their
 * standard `resources` is set).
 */
const FREE_FORM: Readonly<Record<string, readonly string[]>> = {
  "kube-prometheus-stack": ["grafana.grafana.ini", "kube-state-metrics", "prometheus-node-exporter"],
  loki: ["loki.limits_config"],
};

/**
 * Subcharts a chart passes values on to under a key, at the version its Chart.yaml depends
 * on: their own values.yaml knows keys the parent's does not repeat.
 */
const SUBCHARTS: Readonly<Record<string, Readonly<Record<string, { readonly chart: string; readonly version: string }>>>> = {
  "kube-prometheus-stack": { grafana: { chart: "grafana", version: "12.11.1" } },
};

/** The chart's defaults with each subchart's own under its key. */
function defaultsWithSubcharts(chart: string, defaults: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...defaults };
  for (const [key, sub] of Object.entries(SUBCHARTS[chart] ?? {})) {
    const reference = loadReference(sub.chart, sub.version);
    if (!reference) throw new Error(`no reference files for ${sub.chart} ${sub.version}, a subchart of ${chart}`);
    merged[key] = helmMerge(reference.defaults, defaults[key]);
  }
  return merged;
}

function pinOf(chart: RecordedResource): PinnedChart {
  const pin = chartRegistry().find((p) => p.chart === chart.inputs.chart && p.version === chart.inputs.version);
  if (!pin) throw new Error(`${chart.name}: ${String(chart.inputs.chart)} ${String(chart.inputs.version)} is not in the pinned chart table`);
  return pin;
}

function at(values: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], values);
}

const REFERENCES = referenceDir();
const AVAILABLE = hasReferences(REFERENCES);
const SKIPPED = `skipped: no chart reference files in ${REFERENCES}; run \`npm run charts:fetch\` or set ${REFERENCE_ENV} to a mirror`;
if (!AVAILABLE) console.warn(`chart values against the pinned releases: ${SKIPPED}`);

describe.each(Object.keys(RENDERS))("charts of %s", (render) => {
  it.skipIf(!AVAILABLE)(`are pinned, and every value is one the pinned release knows and accepts${AVAILABLE ? "" : ` (${SKIPPED})`}`, async () => {
    const problems: string[] = [];
    for (const chart of resourcesOfType(await RENDERS[render]!(), "kubernetes:helm.sh/v4:Chart")) {
      const pin = pinOf(chart);
      const values = plain(chart.inputs.values, true);
      const reference = loadReference(pin.reference ?? chartName(pin.chart), pin.version);
      if (!reference) {
        if (!(chartName(pin.chart) in NOT_IN_REFERENCE)) problems.push(`${chart.name}: no reference files for ${pin.chart} ${pin.version} under ${REFERENCES}`);
        continue;
      }
      const allowed = TEMPLATE_ONLY_KEYS[chartName(pin.chart)] ?? [];
      const freeForm = (key: string) => (FREE_FORM[chartName(pin.chart)] ?? []).some((map) => key.startsWith(`${map}.`));
      const named = (key: string) => (NAMED_ENTRIES[chartName(pin.chart)] ?? []).some((map) => key.split(".").length === 2 && key.startsWith(`${map}.`));
      const defaults = defaultsWithSubcharts(chartName(pin.chart), reference.defaults);
      problems.push(...unknownKeys(values, defaults).filter((k) => !allowed.includes(k) && !named(k) && !freeForm(k)).map((k) => `${chart.name}: ${k} is not a value of ${pin.chart} ${pin.version}`));
      if (reference.schema) problems.push(...schemaProblems(reference.schema, helmMerge(reference.defaults, values)).map((p) => `${chart.name}: schema: ${p}`));
    }
    expect(problems).toEqual([]);
  });

  it("set requests and limits for every workload they run", async () => {
    const problems: string[] = [];
    for (const chart of resourcesOfType(await RENDERS[render]!(), "kubernetes:helm.sh/v4:Chart")) {
      const values = plain(chart.inputs.values, true);
      for (const workload of pinOf(chart).workloads.filter((w) => workloadRuns(w, values))) {
        const resources = at(values, workload.resources);
        const set = isPlainObject(resources) && isPlainObject(resources.requests) && isPlainObject(resources.limits);
        if (!set) problems.push(`${chart.name}: ${workload.resources.join(".")} has no requests and limits`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("chart-reference", () => {
  it("finds keys the defaults do not know, but lets free-form maps take any", () => {
    const defaults = { controller: { resources: {}, image: { tag: "" } }, nodeSelector: {} };
    expect(unknownKeys({ controller: { resources: { requests: {} }, imag: {} }, nodeSelector: { a: "b" }, extra: 1 }, defaults)).toEqual([
      "controller.imag",
      "extra",
    ]);
  });

  it("merges like Helm: maps deep, lists replaced, null removes", () => {
    expect(helmMerge({ a: { b: 1, c: [1, 2] }, d: { e: 1 } }, { a: { c: [3] }, d: null })).toEqual({ a: { b: 1, c: [3] } });
  });

  it("reports what a strict schema rejects", () => {
    const schema = { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", additionalProperties: false, properties: { a: { type: "string" } } };
    expect(schemaProblems(schema, { a: 1, b: 2 })).toEqual(["/ must NOT have additional properties (b)", "/a must be string"]);
  });

  it("covers every chart of the table with the renders above", async () => {
    const rendered = new Set<string>();
    for (const render of Object.values(RENDERS)) {
      for (const chart of resourcesOfType(await render(), "kubernetes:helm.sh/v4:Chart")) rendered.add(String(chart.inputs.chart));
    }
    expect(chartRegistry().map((p) => p.chart).filter((c) => !rendered.has(c))).toEqual([]);
  });
});
