import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../render/harness";
import { importCycles, localImports, sourceFiles } from "../render/import-graph";

describe("stacks/", () => {
  const files = sourceFiles(PROJECT_DIR, "stacks");

  it("has no import circle, type imports included", () => {
    expect(importCycles(PROJECT_DIR, files)).toEqual([]);
  });

  it("uses a component layer through its surface (components/<layer>/index.ts) or the shared helpers", () => {
    const reaching = files.flatMap((file) =>
      localImports(PROJECT_DIR, file)
        .filter((target) => target.startsWith("components/") && !target.startsWith("components/lib/"))
        .filter((target) => !/^components\/[a-z-]+\/index\.ts$/.test(target))
        .map((target) => `${file} reaches into ${target}`),
    );
    expect(reaching).toEqual([]);
  });
});
