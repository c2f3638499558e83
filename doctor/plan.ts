import { renderStackFile } from "../render/render-stack";
import { sumRequests, type Requests } from "../render/requests";
import { runUnderMocks, type Recording } from "../render/run-under-mocks";
import { readStackConfig } from "../render/stack-files";
import { validateStackConfig, type HomelabConfig } from "../stacks/config";
import { homelab } from "../stacks/homelab";
import { type Host, thisMachine } from "../stacks/host";
import { LAYERS } from "../stacks/layers/catalog";
import { referencedStack } from "../stacks/metal-config";
import { TARGETS } from "../stacks/targets/catalog";
import type { Target } from "../stacks/targets/target";

/** A stack's configuration as the platform runs with it, secrets aside. */
export type PlatformConfig = Omit<HomelabConfig, "secrets">;

/** What a stack would ask of its cluster, found offline from its stack file. */
export type StackPlan =
  | {
      readonly kind: "platform";
      readonly stack: string;
      readonly config: PlatformConfig;
      /** The classes the target's volumes ask for. */
      readonly storage: Target["storage"];
      /** What the render requests, DaemonSets once per node. */
      readonly demand: (nodes: number) => Requests;
      /** Namespaces the platform's objects live in. */
      readonly ownNamespaces: ReadonlySet<string>;
    }
  /** A bare-metal stack that builds the cluster; nothing runs in it yet. */
  | { readonly kind: "metal"; readonly stack: string }
  | { readonly kind: "invalid"; readonly stack: string; readonly problems: readonly string[] };

/**
 * Validates the stack file as `pulumi up` would, then renders it under mocks: the render
 * gives the summed requests and the namespaces, the target (under mocks too, as it makes a
 * provider) the storage classes. A stack on another stack's cluster gets that stack's
 * rendered outputs, as in `npm run render`.
 */
export async function planStack(projectDir: string, stack: string, host: Host = thisMachine()): Promise<StackPlan> {
  const settings = readStackConfig(projectDir, stack);
  const result = validateStackConfig(settings.config, (key) => settings.secretKeys.includes(key), LAYERS, host);
  if (!result.ok) return { kind: "invalid", stack, problems: result.problems };
  if ("metal" in result) return { kind: "metal", stack };
  const config = result.config;
  const referenced = referencedStack(settings.config);
  const stackReferences = new Map<string, Record<string, unknown>>();
  if (referenced !== undefined) stackReferences.set(referenced, (await renderStackFile(projectDir, referenced, host)).outputs);
  const run = { ...settings, stackReferences };
  const recording = await runUnderMocks(() => homelab(LAYERS, host), run);
  let target: Target | undefined;
  await runUnderMocks(async () => {
    target = await TARGETS[config.target].connect(config);
  }, run);
  return {
    kind: "platform",
    stack,
    config,
    storage: target!.storage,
    demand: (nodes) => sumRequests(recording, nodes),
    ownNamespaces: namespacesOf(recording),
  };
}

/** The Namespaces the render creates and those its charts install into. */
export function namespacesOf(recording: Recording): Set<string> {
  const names = recording.resources.flatMap((r) => {
    if (r.type === "kubernetes:core/v1:Namespace") return [(r.inputs.metadata as { name?: unknown } | undefined)?.name];
    if (r.type === "kubernetes:helm.sh/v4:Chart") return [r.inputs.namespace];
    return [];
  });
  return new Set(names.filter((n): n is string => typeof n === "string"));
}
