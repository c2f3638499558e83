import { homelab } from "../stacks/homelab";
import type { Host } from "../stacks/host";
import { LAYERS, type LayerCatalog } from "../stacks/layers/catalog";
import { referencedStack } from "../stacks/metal-config";
import { runUnderMocks, type Recording } from "./run-under-mocks";
import { readStackConfig, StackFileError, type StackConfig } from "./stack-files";

/**
 * The program under mocks with a stack's configuration. A stack that runs on the cluster
 * another stack builds (`homelab:cluster.stack`) gets that stack's outputs, rendered first
 * from its own stack file, as the answer to its StackReference. `host` stands for the machine
 * `pulumi up` would run on.
 */
export async function renderStackFile(projectDir: string, stack: string, host: Host): Promise<Recording> {
  return renderWithReferences(projectDir, readStackConfig(projectDir, stack), [stack], host);
}

/**
 * @param via the stacks that led here, to refuse references in a circle
 * @param host the machine `pulumi up` would run on
 * @param catalog the layers to build; a test may add one
 */
export async function renderWithReferences(
  projectDir: string,
  settings: StackConfig,
  via: readonly string[],
  host: Host,
  catalog: LayerCatalog = LAYERS,
): Promise<Recording> {
  const referenced = referencedStack(settings.config);
  const stackReferences = new Map<string, Record<string, unknown>>();
  if (referenced !== undefined) {
    if (via.includes(referenced)) {
      throw new StackFileError(`stacks reference each other in a circle: ${[...via, referenced].join(" → ")}`);
    }
    const rendered = await renderWithReferences(projectDir, readStackConfig(projectDir, referenced), [...via, referenced], host);
    stackReferences.set(referenced, rendered.outputs);
  }
  return runUnderMocks(() => homelab(catalog, host), { ...settings, stackReferences });
}
