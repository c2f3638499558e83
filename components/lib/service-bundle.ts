import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { type BuildOptions, buildSync } from "esbuild";

/** The official Node image the service bundles run on. */
export const NODE_IMAGE = "docker.io/library/node:26.11.1-alpine";

/** A service's code as one file, small enough for a ConfigMap. */
export interface ServiceBundle {
  /** File name inside the mounted ConfigMap, e.g. `llm-gateway.mjs`. */
  readonly fileName: string;
  readonly code: string;
  /** Changes whenever the code does: rolls the pods that run it. */
  readonly sha256: string;
}

export const SERVICES_DIR = resolve(__dirname, "..", "..", "services");

/** A ConfigMap holds at most 1 MiB, metadata included. */
export const CONFIGMAP_LIMIT = 1024 * 1024 - 16 * 1024;

const bundles = new Map<string, ServiceBundle>();

/**
 * Bundles `services/<name>` with the esbuild options in its `bundle.json`, the same ones its
 * `npm run bundle` uses, so the cluster runs what the service's own tests ran.
 */
export function bundleService(name: string, servicesDir = SERVICES_DIR): ServiceBundle {
  const dir = join(servicesDir, name);
  const sources = sourceDigest(dir);
  const cached = bundles.get(sources);
  if (cached) return cached;
  const options = JSON.parse(readFileSync(join(dir, "bundle.json"), "utf8")) as BuildOptions & { outfile: string };
  const result = buildSync({ ...options, absWorkingDir: dir, write: false, logLevel: "silent" });
  const code = result.outputFiles[0]!.text;
  const size = Buffer.byteLength(code);
  if (size >= CONFIGMAP_LIMIT) {
    throw new Error(`the ${name} bundle is ${size} bytes; a ConfigMap holds at most ${CONFIGMAP_LIMIT} (keep it under 1 MiB)`);
  }
  const bundle = { fileName: basename(options.outfile), code, sha256: createHash("sha256").update(code).digest("hex") };
  bundles.set(sources, bundle);
  return bundle;
}

/**
 * The service's own files (bundle.json and src/): a render bundles each service once,
 * and again whenever one of them changed.
 */
function sourceDigest(dir: string): string {
  const hash = createHash("sha256").update(dir).update(readFileSync(join(dir, "bundle.json")));
  const files = readdirSync(join(dir, "src"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest("hex");
}
