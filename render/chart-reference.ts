import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020";
import { parse } from "yaml";
import { isPlainObject } from "./secret";

/**
 * Checks chart values against the pinned release's own files (values.yaml,
 * values.schema.json) in `<reference dir>/<chart>/<version>/`: the cache `npm run
 * charts:fetch` fills, or an offline mirror of the same layout named by
 * HOMELAB_CHART_REFERENCE. Helm ignores unknown keys silently; these checks do not.
 */

/** Environment variable that points the checks (and charts:fetch) at another reference folder. */
export const REFERENCE_ENV = "HOMELAB_CHART_REFERENCE";

/** Where charts:fetch keeps the downloaded reference files; not committed. */
export const DEFAULT_REFERENCE_DIR = resolve(__dirname, "..", ".cache", "charts");

export function referenceDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[REFERENCE_ENV];
  return configured ? resolve(configured) : DEFAULT_REFERENCE_DIR;
}

/** Whether any reference files are there to check against. */
export function hasReferences(dir: string = referenceDir()): boolean {
  return existsSync(dir) && readdirSync(dir).some((entry) => !entry.startsWith("."));
}

export interface ChartReference {
  readonly defaults: Record<string, unknown>;
  readonly schema?: Record<string, unknown>;
}

/** `oci://quay.io/jetstack/charts/cert-manager` → `cert-manager`. */
export function chartName(chart: string): string {
  return chart.split("/").pop()!;
}

/** Parsed once per process: every render checks the same few charts, and their values files are large. */
const loaded = new Map<string, ChartReference | undefined>();

/** The pinned release's default values and schema, or undefined when the reference lacks them. Treat as read-only. */
export function loadReference(chart: string, version: string, root: string = referenceDir()): ChartReference | undefined {
  const dir = join(root, chartName(chart), version);
  if (!loaded.has(dir)) loaded.set(dir, readReference(dir));
  return loaded.get(dir);
}

function readReference(dir: string): ChartReference | undefined {
  if (!existsSync(join(dir, "values.yaml"))) return undefined;
  const defaults = (parse(readFileSync(join(dir, "values.yaml"), "utf8")) ?? {}) as Record<string, unknown>;
  const schemaFile = join(dir, "values.schema.json");
  const schema = existsSync(schemaFile) ? (JSON.parse(readFileSync(schemaFile, "utf8")) as Record<string, unknown>) : undefined;
  return { defaults, schema };
}

/** Kubernetes fields that charts pass through whole, whatever their defaults show. */
const PASSED_THROUGH = new Set(["resources", "annotations", "labels", "nodeSelector", "affinity", "securityContext", "containerSecurityContext", "podSecurityContext"]);

/**
 * Key paths set in `values` that the chart's defaults do not know. A map that is empty in
 * the defaults (`nodeSelector: {}`), a Kubernetes field passed through whole (`resources`)
 * and lists take any keys.
 */
export function unknownKeys(values: unknown, defaults: unknown, path: string[] = []): string[] {
  const passedThrough = PASSED_THROUGH.has(path[path.length - 1] ?? "");
  if (passedThrough || !isPlainObject(values) || !isPlainObject(defaults) || Object.keys(defaults).length === 0) return [];
  return Object.entries(values).flatMap(([key, value]) =>
    key in defaults ? unknownKeys(value, defaults[key], [...path, key]) : [[...path, key].join(".")],
  );
}

/** Helm's merge of user values over defaults: maps merge, everything else replaces, null removes. */
export function helmMerge(defaults: unknown, values: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(values)) return values;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete merged[key];
    else merged[key] = helmMerge(defaults[key], value);
  }
  return merged;
}

/** Compiled once per schema: compiling a chart's schema costs far more than checking values with it. */
const compiled = new WeakMap<Record<string, unknown>, ValidateFunction>();

function validator(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const { $schema, ...body } = schema;
    const options = { strict: false, allErrors: true, validateFormats: false };
    const ajv = String($schema).includes("2020-12") ? new Ajv2020(options) : new Ajv(options);
    validate = ajv.compile(body);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Problems the chart's values.schema.json finds in the merged values, as Helm would. */
export function schemaProblems(schema: Record<string, unknown>, merged: unknown): string[] {
  const validate = validator(schema);
  if (validate(merged)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
}
