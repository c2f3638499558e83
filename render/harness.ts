import { resolve } from "node:path";
import type { Host } from "../stacks/host";
import { LAYERS, type LayerCatalog } from "../stacks/layers/catalog";
import { renderStackFile, renderWithReferences } from "./render-stack";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { runUnderMocks } from "./run-under-mocks";
import { MINIKUBE_DOCKER_API_SERVER, simulatedHost } from "./simulated-host";
import { stackValues } from "./stack-files";

/**
 * What tests use to see what the program decided: run the real program (a stack file, or
 * a config written inline) or one component under mocks, and look resources up by name.
 */

export const PROJECT_DIR = resolve(__dirname, "..");

/**
 * The machine tests render for unless they say otherwise: Linux, with minikube's docker
 * driver in its kubeconfig, so every render answers the same on every machine.
 */
export const LINUX_HOST: Host = simulatedHost("linux", MINIKUBE_DOCKER_API_SERVER);

/** The least a minikube stack needs, for tests that change one thing of it. */
export const MINIKUBE = {
  target: "minikube",
  domain: "homelab.test",
  loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
} as const;

/** The whole program with `Pulumi.<stack>.yaml` (and the stack it references, rendered first). */
export function renderStack(stack: string, host: Host = LINUX_HOST): Promise<Recording> {
  return renderStackFile(PROJECT_DIR, stack, host);
}

/**
 * The whole program with config written like a stack file's `config:` block, keys without
 * the `homelab:` prefix (`{ target: "minikube", loadBalancer: { pools: [...] } }`), and
 * the catalog's layers or others.
 */
export function renderConfig(
  values: Record<string, unknown>,
  stack = "test",
  catalog: LayerCatalog = LAYERS,
  host: Host = LINUX_HOST,
): Promise<Recording> {
  const block = Object.fromEntries(Object.entries(values).map(([k, v]) => [`homelab:${k}`, v]));
  return renderWithReferences(PROJECT_DIR, { project: "homelab", stack, ...stackValues(block, "inline config") }, [stack], host, catalog);
}

/** One component (or any callback that creates resources) on its own. */
export function renderComponent(build: () => unknown, stack = "test"): Promise<Recording> {
  return runUnderMocks(build, { project: "homelab", stack, config: {} });
}

/** The resource of that type and name; fails listing what exists when it is missing. */
export function resource(recording: Recording, type: string, name: string): RecordedResource {
  const found = recording.resources.find((r) => r.type === type && r.name === name);
  if (!found) {
    const same = recording.resources.filter((r) => r.type === type).map((r) => r.name);
    throw new Error(`no ${type} named "${name}"; of that type there are: ${same.join(", ") || "none"}`);
  }
  return found;
}

export function resourcesOfType(recording: Recording, type: string): RecordedResource[] {
  return recording.resources.filter((r) => r.type === type);
}

/**
 * The resources a component made, its children's included: a layer's tests look at their
 * own layer's resources, so adding another layer does not change what they expect.
 */
export function madeBy(recording: Recording, component: string): Recording {
  const byName = new Map(recording.resources.map((r) => [r.name, r]));
  const within = (r: RecordedResource | undefined): boolean => r !== undefined && (r.name === component || within(byName.get(r.parent ?? "")));
  return { ...recording, resources: recording.resources.filter((r) => r.parent !== null && within(byName.get(r.parent))) };
}
