/**
 * What a rule sees of one resource: the same shape whether the Pulumi engine hands it over
 * during `pulumi preview` or a test takes it from an offline render.
 */
export interface CheckedResource {
  /** Pulumi type token, e.g. `kubernetes:core/v1:Service` or `kubernetes:helm.sh/v4:Chart`. */
  readonly type: string;
  /** Pulumi resource name. */
  readonly name: string;
  /** Inputs, secrets unwrapped (as the engine gives them to policies). */
  readonly props: Record<string, unknown>;
}

/** A rule: plain data in, one message per violation out (none when the resource complies). */
export type Rule = (resource: CheckedResource) => string[];

/** The Kubernetes kind of a manifest-like resource; undefined for anything else. */
export function kindOf(resource: CheckedResource): string | undefined {
  return resource.type.startsWith("kubernetes:") && typeof resource.props.kind === "string" ? resource.props.kind : undefined;
}

/** The API group of a manifest (`""` for the core group). */
export function groupOf(resource: CheckedResource): string {
  const apiVersion = typeof resource.props.apiVersion === "string" ? resource.props.apiVersion : "";
  return apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
}

/** A CloudNativePG PostgreSQL `Cluster`. */
export function isPostgresCluster(resource: CheckedResource): boolean {
  return kindOf(resource) === "Cluster" && groupOf(resource) === "postgresql.cnpg.io";
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `metadata.labels` or `metadata.annotations`, empty when absent. */
export function metadataMap(resource: CheckedResource, field: "labels" | "annotations"): Record<string, unknown> {
  const metadata = resource.props.metadata;
  return isObject(metadata) && isObject(metadata[field]) ? metadata[field] : {};
}

/** `Kind namespace/name` for messages, falling back to the Pulumi name. */
export function identify(resource: CheckedResource): string {
  const metadata = isObject(resource.props.metadata) ? resource.props.metadata : {};
  const name = typeof metadata.name === "string" ? metadata.name : resource.name;
  const namespace = typeof metadata.namespace === "string" ? `${metadata.namespace}/` : "";
  return `${kindOf(resource) ?? resource.type} ${namespace}${name}`;
}
