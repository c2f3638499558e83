import { join } from "node:path";
import { LAYERS } from "../stacks/layers/catalog";
import { PROJECT_DIR, renderConfig, renderStack } from "./harness";
import { cachedRender, pruneOtherKeys, sourceKey } from "./render-cache";
import type { Recording } from "./run-under-mocks";
import { stackNames } from "./stack-files";

const CACHE_ROOT = join(PROJECT_DIR, "node_modules", ".cache", "homelab-renders");
const key = sourceKey(PROJECT_DIR);
pruneOtherKeys(CACHE_ROOT, key);

const renders: [string, () => Promise<Recording>][] = [
  ...stackNames(PROJECT_DIR).map((stack): [string, () => Promise<Recording>] => [stack, () => renderStack(stack)]),
  ...LAYERS.flatMap((layer) => Object.entries(layer.examples ?? {})).map(([name, values]): [string, () => Promise<Recording>] => [name, () => renderConfig(values)]),
];

/**
 * Renders that together install every chart and make every kind of object the program
 * makes, for the checks that run over whole renders: every stack file, and each layer's
 * examples (a layer added to the catalog brings its own). Each is rendered once per change
 * of the sources and shared by every test file (see `render-cache.ts`); treat it as read-only.
 */
export const RENDERS: Readonly<Record<string, () => Promise<Recording>>> = Object.fromEntries(
  renders.map(([name, render]) => [name, cachedRender(join(CACHE_ROOT, key), name, render)]),
);
