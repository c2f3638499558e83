import { describe, expect, it } from "vitest";
import { PLATFORM_NAMESPACES } from "../stacks/layers/platform-namespaces";
import { isManifest, manifestIdentity } from "./render-files";
import type { Recording } from "./run-under-mocks";
import { RENDERS } from "./test-renders";

const CHART = "kubernetes:helm.sh/v4:Chart";
/** The component that makes people's app namespaces (the secrets layer's); every other namespace is the platform's. */
const APP_NAMESPACES_PARENT = "secrets";

/** Namespaces the render makes as objects, and those its charts install into (some come with an operator's manifest). */
function platformNamespaces(recording: Recording): string[] {
  const made = recording.resources
    .filter((r) => isManifest(r) && r.inputs.kind === "Namespace" && r.parent !== APP_NAMESPACES_PARENT)
    .map((r) => manifestIdentity(r).name);
  const installedInto = recording.resources.filter((r) => r.type === CHART).map((r) => r.inputs.namespace as string);
  return [...made, ...installedInto];
}

describe("the platform's namespaces, as the config check knows them", () => {
  it("names every namespace a render makes or installs into, and no other", async () => {
    const found = new Set<string>();
    for (const render of Object.values(RENDERS)) for (const name of platformNamespaces(await render())) found.add(name);
    expect([...PLATFORM_NAMESPACES].sort()).toEqual([...found].sort());
  });

  it("tells app namespaces apart by the component that makes them", async () => {
    const appNamespaces = (await Promise.all(Object.values(RENDERS).map((render) => render())))
      .flatMap((recording) => recording.resources)
      .filter((r) => isManifest(r) && r.inputs.kind === "Namespace" && r.parent === APP_NAMESPACES_PARENT)
      .map((r) => manifestIdentity(r).name);
    expect(appNamespaces.length).toBeGreaterThan(0);
    expect(appNamespaces.filter((name) => PLATFORM_NAMESPACES.includes(name))).toEqual([]);
  });
});
