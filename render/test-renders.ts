import { LAYERS } from "../stacks/layers/catalog";
import { PROJECT_DIR, renderConfig, renderStack } from "./harness";
import type { Recording } from "./run-under-mocks";
import { stackNames } from "./stack-files";

/** Renders once per test file: the checks only read a recording, and a render takes seconds. */
function once(render: () => Promise<Recording>): () => Promise<Recording> {
  let recording: Promise<Recording> | undefined;
  return () => (recording ??= render());
}

/**
 * Renders that together install every chart and make every kind of object the program
 * makes, for the checks that run over whole renders: every stack file, and each layer's
 * examples (a layer added to the catalog brings its own).
 */
export const RENDERS: Readonly<Record<string, () => Promise<Recording>>> = {
  ...Object.fromEntries(stackNames(PROJECT_DIR).map((stack) => [stack, once(() => renderStack(stack))])),
  ...Object.fromEntries(
    LAYERS.flatMap((layer) => Object.entries(layer.examples ?? {})).map(([name, values]) => [name, once(() => renderConfig(values))]),
  ),
};
