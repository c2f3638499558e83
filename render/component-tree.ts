import type { Recording } from "./run-under-mocks";

const CHART_TYPE = "kubernetes:helm.sh/v4:Chart";

/** A component of the render (not a provider-managed resource), with what it owns. */
export interface ComponentNode {
  readonly name: string;
  /** Its type token, or `chart <chart> <version>` for a Helm chart. */
  readonly label: string;
  /** Provider-managed resources it owns directly. */
  readonly resources: number;
  readonly children: readonly ComponentNode[];
}

/** The components of a render as a tree, in the order they were made. */
export function componentTree(recording: Recording): ComponentNode[] {
  const children = new Map<string | null, string[]>();
  const labels = new Map<string, string>();
  const owned = new Map<string | null, number>();
  for (const r of recording.resources) {
    if (r.custom) {
      owned.set(r.parent, (owned.get(r.parent) ?? 0) + 1);
      continue;
    }
    labels.set(r.name, r.type === CHART_TYPE ? `chart ${String(r.inputs.chart)} ${String(r.inputs.version)}` : r.type);
    children.set(r.parent, [...(children.get(r.parent) ?? []), r.name]);
  }
  const build = (parent: string | null): ComponentNode[] =>
    (children.get(parent) ?? []).map((name) => ({ name, label: labels.get(name)!, resources: owned.get(name) ?? 0, children: build(name) }));
  return build(null);
}
