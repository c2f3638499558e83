import { describe, expect, it } from "vitest";
import { PLATFORM_NAMESPACES } from "../stacks/layers/platform-namespaces";
import { isManifest, manifestIdentity } from "./render-files";
import type { Recording } from "./run-under-mocks";
import { RENDERS } from "./test-renders";

/** People's app namespaces are made by the secrets layer under `app-<name>`; every other namespace is the platform's. */
function platformNamespaces(recording: Recording): string[] {
  return recording.resources
    .filter((r) => isManifest(r) && r.inputs.kind === "Namespace" && !r.name.startsWith("app-"))
    .map((r) => manifestIdentity(r).name);
}

describe("the platform's namespaces, as the config check knows them", () => {
  it("names every namespace a render makes, and no other", async () => {
    const made = new Set<string>();
    for (const render of Object.values(RENDERS)) for (const name of platformNamespaces(await render())) made.add(name);
    expect([...PLATFORM_NAMESPACES].sort()).toEqual([...made].sort());
  });
});
