import { readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const workspace = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The cluster ships the bundle in a ConfigMap, whose data is limited to 1 MiB. */
export const BUNDLE_LIMIT_BYTES = 1024 * 1024;

export const DEFAULT_BUNDLE_PATH = join(workspace, "dist", "llm-gateway.mjs");

export interface BundleResult {
  readonly path: string;
  readonly bytes: number;
}

/**
 * Builds the gateway into one ES module that runs with plain `node` and no
 * node_modules beside it, with the esbuild options in bundle.json, which the
 * platform's deployment reads too. PGlite stays outside (several megabytes of
 * WASM; the cluster uses PostgreSQL), as does pg-native, pg's optional native
 * driver; the banner gives pg, which is CommonJS, the require() that ES
 * modules lack.
 */
export async function buildBundle(outfile: string = DEFAULT_BUNDLE_PATH): Promise<BundleResult> {
  const options = JSON.parse(await readFile(join(workspace, "bundle.json"), "utf8"));
  await build({ ...options, absWorkingDir: workspace, outfile, logLevel: "warning" });
  const { size } = await stat(outfile);
  if (size > BUNDLE_LIMIT_BYTES) {
    throw new Error(`the bundle is ${size} bytes, over the ${BUNDLE_LIMIT_BYTES}-byte limit a ConfigMap can hold`);
  }
  return { path: outfile, bytes: size };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { path, bytes } = await buildBundle(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`${path}: ${bytes} bytes (${(bytes / 1024).toFixed(0)} KiB of ${BUNDLE_LIMIT_BYTES / 1024} KiB allowed)`);
}
