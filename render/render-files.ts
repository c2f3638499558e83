import { createHash } from "node:crypto";
import { stringify } from "yaml";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { isPlainObject, plain } from "./secret";
import { summaryMarkdown } from "./summary";

/** Relative path → file content. */
export type RenderedFiles = Map<string, string>;

const CHART_TYPE = "kubernetes:helm.sh/v4:Chart";

/** Everything a reviewer diffs: resources, Kubernetes objects, charts and outputs. */
export function renderFiles(recording: Recording, reveal: boolean): RenderedFiles {
  const files: RenderedFiles = new Map();
  files.set("resources.json", json(recording.resources.map((r) => resourceEntry(r, reveal))));
  for (const resource of recording.resources) {
    if (isManifest(resource)) files.set(manifestPath(resource), yaml(manifestObject(resource, reveal)));
    if (resource.type === CHART_TYPE) files.set(chartPath(resource), yaml(chartEntry(resource, reveal)));
  }
  files.set("outputs.json", json(plain(recording.outputs, reveal)));
  files.set("summary.md", summaryMarkdown(recording));
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function resourceEntry(resource: RecordedResource, reveal: boolean) {
  return {
    type: resource.type,
    name: resource.name,
    parent: resource.parent,
    inputs: plain(withProviderDigest(resource.inputs), reveal),
    options: resource.options,
  };
}

/**
 * A dynamic resource carries its provider's code, serialized by Pulumi: a digest shows when
 * it changes without pages of generated JavaScript.
 */
function withProviderDigest(inputs: Record<string, unknown>): Record<string, unknown> {
  const code = inputs.__provider;
  if (typeof code !== "string") return inputs;
  return { ...inputs, __provider: `[serialized provider, sha256 ${createHash("sha256").update(code).digest("hex").slice(0, 16)}]` };
}

/** A plain Kubernetes object: a provider-managed `kubernetes:` resource that is not a chart or provider. */
export function isManifest(resource: RecordedResource): boolean {
  return resource.custom && resource.type.startsWith("kubernetes:") && typeof resource.inputs.kind === "string";
}

/** The object as `kubectl apply` would get it, in the usual key order. */
export function manifestObject(resource: RecordedResource, reveal: boolean): Record<string, unknown> {
  const { apiVersion, kind, metadata, ...rest } = plain(resource.inputs, reveal) as Record<string, unknown>;
  return { apiVersion, kind, metadata, ...rest };
}

export function manifestIdentity(resource: RecordedResource): { kind: string; namespace?: string; name: string } {
  const metadata = isPlainObject(resource.inputs.metadata) ? resource.inputs.metadata : {};
  return {
    kind: String(resource.inputs.kind),
    namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
    name: typeof metadata.name === "string" ? metadata.name : resource.name,
  };
}

function manifestPath(resource: RecordedResource): string {
  const { kind, namespace, name } = manifestIdentity(resource);
  return `manifests/${namespace ?? "_cluster"}.${kind}.${name}.yaml`;
}

function chartEntry(resource: RecordedResource, reveal: boolean) {
  const inputs = plain(resource.inputs, reveal) as Record<string, unknown>;
  const repositoryOpts = isPlainObject(inputs.repositoryOpts) ? inputs.repositoryOpts : {};
  return {
    release: inputs.name ?? resource.name,
    namespace: inputs.namespace ?? null,
    chart: inputs.chart,
    version: inputs.version,
    repo: repositoryOpts.repo ?? null,
    values: inputs.values ?? {},
  };
}

function chartPath(resource: RecordedResource): string {
  const release = String(resource.inputs.name ?? resource.name);
  const namespace = typeof resource.inputs.namespace === "string" ? resource.inputs.namespace : "_default";
  return `charts/${namespace}.${release}.yaml`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
