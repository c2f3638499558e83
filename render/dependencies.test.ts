import { describe, expect, it } from "vitest";
import { isManifest, manifestIdentity } from "./render-files";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { RENDERS } from "./test-renders";

/** Everything a resource waits for: its dependencies, all they contain, and what they wait for. */
function waitsFor(recording: Recording): (resource: RecordedResource) => Set<string> {
  const byName = new Map(recording.resources.map((r) => [r.name, r]));
  const children = new Map<string, string[]>();
  for (const r of recording.resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.name]);
  const within = (name: string): string[] => [name, ...(children.get(name) ?? []).flatMap(within)];
  const memo = new Map<string, Set<string>>();
  const visit = (resource: RecordedResource): Set<string> => {
    const known = memo.get(resource.name);
    if (known) return known;
    const found = new Set<string>();
    memo.set(resource.name, found);
    for (const dependency of resource.options.dependsOn.flatMap(within)) {
      found.add(dependency);
      for (const further of visit(byName.get(dependency)!)) found.add(further);
    }
    return found;
  };
  return visit;
}

/** The namespace a manifest or a chart puts its objects in. */
function namespaceOf(resource: RecordedResource): string | undefined {
  if (isManifest(resource)) return resource.inputs.kind === "Namespace" ? undefined : manifestIdentity(resource).namespace;
  if (resource.type === "kubernetes:helm.sh/v4:Chart" && typeof resource.inputs.namespace === "string") return resource.inputs.namespace;
  return undefined;
}

describe.each(Object.keys(RENDERS))("%s", (render) => {
  it("creates nothing in a namespace of its own before that namespace exists", async () => {
    const recording = await RENDERS[render]!();
    const namespaces = new Map(
      recording.resources.filter((r) => isManifest(r) && r.inputs.kind === "Namespace").map((r) => [manifestIdentity(r).name, r.name]),
    );
    const wait = waitsFor(recording);
    const early = recording.resources.flatMap((r) => {
      const namespace = namespaceOf(r);
      const resourceName = namespace && namespaces.get(namespace);
      return resourceName && !wait(r).has(resourceName) ? [`${r.name} (in ${namespace})`] : [];
    });
    expect(early).toEqual([]);
  });
});
