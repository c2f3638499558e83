import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { diagramBlock, withDiagrams } from "./readme-diagrams";
import { renderStackFile } from "./render-stack";
import { stackNames } from "./stack-files";

const PROJECT_DIR = resolve(__dirname, "..");

/** Rewrites README's component diagram of every stack file from its render. */
async function main(): Promise<void> {
  const blocks: Record<string, string> = {};
  for (const stack of stackNames(PROJECT_DIR)) blocks[stack] = diagramBlock(await renderStackFile(PROJECT_DIR, stack));
  const file = join(PROJECT_DIR, "README.md");
  writeFileSync(file, withDiagrams(readFileSync(file, "utf8"), blocks));
  console.log(`README.md: diagrams of ${Object.keys(blocks).join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
