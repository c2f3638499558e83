import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { diagramBlock, withDiagrams } from "./readme-diagrams";
import { renderStackFile } from "./render-stack";
import { MINIKUBE_DOCKER_API_SERVER, simulatedHost } from "./simulated-host";
import { stackNames } from "./stack-files";

const PROJECT_DIR = resolve(__dirname, "..");
/** The machine of every render in the tests, so the diagrams match what they check. */
const RENDER_HOST = simulatedHost("linux", MINIKUBE_DOCKER_API_SERVER);

/** Rewrites README's component diagram of every stack file from its render. */
async function main(): Promise<void> {
  const blocks: Record<string, string> = {};
  for (const stack of stackNames(PROJECT_DIR)) blocks[stack] = diagramBlock(await renderStackFile(PROJECT_DIR, stack, RENDER_HOST));
  const file = join(PROJECT_DIR, "README.md");
  writeFileSync(file, withDiagrams(readFileSync(file, "utf8"), blocks));
  console.log(`README.md: diagrams of ${Object.keys(blocks).join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
