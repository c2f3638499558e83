import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR, renderStack } from "./harness";
import { diagramBlock, embeddedDiagram, markers, withDiagrams } from "./readme-diagrams";
import { stackNames } from "./stack-files";

describe("README's component diagrams", () => {
  it.each(stackNames(PROJECT_DIR))("show what stack %s renders (npm run readme:diagrams rewrites them)", async (stack) => {
    const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
    expect(embeddedDiagram(readme, stack)).toBe(diagramBlock(await renderStack(stack)));
  });

  it("are replaced between their markers, and a missing marker is named", () => {
    const [start, end] = markers("dev");
    const readme = `intro\n${start}\nold\n${end}\nrest\n`;
    expect(withDiagrams(readme, { dev: "new" })).toBe(`intro\n${start}\nnew\n${end}\nrest\n`);
    expect(() => withDiagrams("intro\n", { dev: "new" })).toThrow(`README has no ${start} … ${end} markers`);
  });
});
