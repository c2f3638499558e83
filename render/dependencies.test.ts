import { describe, expect, it } from "vitest";
import { isManifest, manifestIdentity } from "./render-files";
import type { RecordedResource } from "./run-under-mocks";
import { RENDERS } from "./test-renders";
import { waitsFor } from "./waits-for";

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
