import { stat } from "node:fs/promises";
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
 * node_modules beside it. PGlite stays outside: it is several megabytes of
 * WASM and the cluster uses PostgreSQL. pg-native is pg's optional native
 * driver, which the gateway does not use.
 */
export async function buildBundle(outfile: string = DEFAULT_BUNDLE_PATH): Promise<BundleResult> {
  await build({
    entryPoints: [join(workspace, "src", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    legalComments: "none",
    // Same name as PGLITE_PACKAGE in src/store/pglite-client.ts; not imported from
    // there so the platform's CommonJS tests can load this file on their own.
    external: ["@electric-sql/pglite", "pg-native"],
    // pg is CommonJS and calls require(); ES modules have no require of their own.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    logLevel: "warning",
  });
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
