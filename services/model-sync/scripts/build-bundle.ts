import { readFile, stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";

/** The workspace folder: bundle.json's paths are relative to it. */
export const SERVICE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The bundle ships in a ConfigMap, whose whole object must stay under 1 MiB. */
export const MAX_BUNDLE_BYTES = 1024 * 1024;

export interface Bundle {
  readonly path: string;
  readonly bytes: number;
}

/**
 * The esbuild options the platform uses too: it reads the same bundle.json and passes it to
 * esbuild's API with `absWorkingDir` set to this folder, so both build the same file.
 */
export async function bundleOptions(): Promise<BuildOptions> {
  return JSON.parse(await readFile(join(SERVICE_DIR, "bundle.json"), "utf8")) as BuildOptions;
}

/** Builds the single-file bundle; `outfile` may be overridden, e.g. to build into a test's folder. */
export async function buildBundle(outfile?: string): Promise<Bundle> {
  const options = await bundleOptions();
  const target = outfile ?? options.outfile;
  if (!target) throw new Error(`bundle.json has no "outfile"; expected e.g. "dist/model-sync.mjs"`);
  await build({ ...options, outfile: target, absWorkingDir: SERVICE_DIR, logLevel: "warning" });
  const path = isAbsolute(target) ? target : join(SERVICE_DIR, target);
  const { size } = await stat(path);
  if (size >= MAX_BUNDLE_BYTES) throw new Error(`${path} is ${size} bytes; a bundle must stay under ${MAX_BUNDLE_BYTES} (1 MiB) to fit a ConfigMap`);
  return { path, bytes: size };
}
