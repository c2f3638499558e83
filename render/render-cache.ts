import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Recording } from "./run-under-mocks";
import { isPlainObject, Secret } from "./secret";

/**
 * The whole-render checks run over the same renders in many test files, and each file runs
 * in its own worker: rendering every stack and example once per test made those checks the
 * slowest part of the suite. A render is a pure function of the sources and stack files (a
 * test proves two runs byte-identical), so it is kept on disk under a key made of their
 * contents, and in memory for the rest of the file.
 */

/** What a render reads: the program, the services it bundles, the stack files, the pinned packages. */
const INPUTS = ["components", "stacks", "render", "services", "Pulumi.yaml", "package-lock.json"];
const SKIPPED = new Set(["node_modules", "dist", "fixtures"]);
const STACK_FILE = /^Pulumi\..+\.yaml$/;
const SECRET_KEY = "__homelabRenderSecret";

/** A fingerprint of every file a render reads, tests excluded (they do not change a render). */
export function sourceKey(projectDir: string): string {
  const hash = createHash("sha256");
  const files = [...INPUTS, ...readdirSync(projectDir).filter((name) => STACK_FILE.test(name))].flatMap((entry) => filesUnder(join(projectDir, entry)));
  for (const file of files.sort()) hash.update(relative(projectDir, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex").slice(0, 16);
}

function filesUnder(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return statSync(path, { throwIfNoEntry: false }) ? [path] : [];
  return readdirSync(path)
    .filter((name) => !SKIPPED.has(name) && !name.endsWith(".test.ts"))
    .flatMap((name) => filesUnder(join(path, name)));
}

/**
 * `render`, answered from `cacheDir` when the sources are unchanged. The recording comes
 * back deeply frozen: a check that changed it would change what the next check sees.
 */
export function cachedRender(cacheDir: string, name: string, render: () => Promise<Recording>): () => Promise<Recording> {
  let pending: Promise<Recording> | undefined;
  return () => (pending ??= load(cacheDir, name, render).then(deepFreeze));
}

async function load(cacheDir: string, name: string, render: () => Promise<Recording>): Promise<Recording> {
  const file = join(cacheDir, `${createHash("sha256").update(name).digest("hex").slice(0, 16)}.json`);
  const saved = statSync(file, { throwIfNoEntry: false }) ? readFileSync(file, "utf8") : undefined;
  if (saved !== undefined) return JSON.parse(saved, revive) as Recording;
  const recording = await render();
  mkdirSync(cacheDir, { recursive: true });
  // Written whole and renamed into place, as another worker may be reading the same file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(recording, replace));
  renameSync(partial, file);
  return recording;
}

/** Removes the caches of other sources beside `keep`, so old renders do not pile up. */
export function pruneOtherKeys(cacheRoot: string, keep: string): void {
  mkdirSync(cacheRoot, { recursive: true });
  for (const name of readdirSync(cacheRoot, { withFileTypes: true })) {
    if (name.isDirectory() && name.name !== keep) rmSync(join(cacheRoot, name.name), { recursive: true, force: true });
  }
}

function replace(this: unknown, _key: string, value: unknown): unknown {
  return value instanceof Secret ? { [SECRET_KEY]: value.value } : value;
}

function revive(_key: string, value: unknown): unknown {
  return isPlainObject(value) && Object.keys(value).length === 1 && SECRET_KEY in value ? new Secret(value[SECRET_KEY]) : value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
