import type { RecordedResource, Recording } from "./run-under-mocks";

/**
 * Everything a resource waits for before the engine creates it: its dependencies, all they
 * contain (waiting for a component waits for its children), and what those wait for.
 * Returns the names, memoised per resource.
 */
export function waitsFor(recording: Recording): (resource: RecordedResource) => ReadonlySet<string> {
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
      const next = byName.get(dependency);
      if (next) for (const further of visit(next)) found.add(further);
    }
    return found;
  };
  return visit;
}
