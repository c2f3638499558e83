import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../render/harness";
import { importCycles, localImports, sourceFiles } from "../render/import-graph";

/**
 * The layer folders tell the story: shared helpers, then metal → system → platform → data
 * → llm. A layer builds only on the layers before it, and only through their surface
 * (`components/<layer>/index.ts`); no component reaches into the stack or the render.
 */
const ORDER = ["lib", "metal", "system", "platform", "data", "llm"];

function layerOf(file: string): string | undefined {
  const [top, layer] = file.split("/");
  return top === "components" && layer !== undefined && !layer.endsWith(".ts") ? layer : undefined;
}

function problemsOf(file: string): string[] {
  const own = layerOf(file)!;
  return localImports(PROJECT_DIR, file).flatMap((target) => {
    const layer = layerOf(target);
    if (layer === undefined) return [`${file} imports ${target}, outside components/`];
    if (layer === own || layer === "lib") return [];
    if (ORDER.indexOf(layer) > ORDER.indexOf(own) || own === "lib") return [`${file} imports ${target}, a layer built after it`];
    return target === `components/${layer}/index.ts` ? [] : [`${file} reaches into ${target}; import components/${layer} instead`];
  });
}

describe("components/", () => {
  const files = sourceFiles(PROJECT_DIR, "components");

  it("puts every file in a known layer", () => {
    expect(files.map(layerOf).filter((layer) => !ORDER.includes(layer ?? ""))).toEqual([]);
  });

  it("builds each layer only on the surface of the layers before it", () => {
    expect(files.flatMap(problemsOf)).toEqual([]);
  });

  it("has no import circle", () => {
    expect(importCycles(PROJECT_DIR, files)).toEqual([]);
  });
});
