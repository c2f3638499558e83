import * as pulumi from "@pulumi/pulumi";
import { HomelabMocks, type MockRegistration } from "./mocks";
import { outputValue, resolveOutputs } from "./secret";

export interface RecordedOptions {
  /** Names of the resources this one waits for. */
  readonly dependsOn: string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** Name of the provider that manages it, inherited ones included; null for components. */
  readonly provider: string | null;
  /** How long the engine waits for it, where the program says so (e.g. `{ create: "45m" }`). */
  readonly customTimeouts?: pulumi.CustomTimeouts;
  /** Where the program says so: the old resource goes before its replacement is made. */
  readonly deleteBeforeReplace?: true;
  /** Where the program says so: inputs whose changes the engine leaves alone. */
  readonly ignoreChanges?: string[];
}

/** One resource the program created, as it decided it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** The parent's name; null for resources directly under the stack. */
  readonly parent: string | null;
  /** A component (false) or a resource a provider manages (true). */
  readonly custom: boolean;
  /** Inputs as the engine received them, secrets as `Secret`. */
  readonly inputs: Record<string, unknown>;
  readonly options: RecordedOptions;
}

export interface Recording {
  readonly project: string;
  readonly stack: string;
  /** In construction order. */
  readonly resources: RecordedResource[];
  /** Stack outputs, resolved, secrets as `Secret`. */
  readonly outputs: Record<string, unknown>;
}

export interface MockRunSettings {
  readonly project: string;
  readonly stack: string;
  /** Fully-qualified key → value, as Pulumi hands config to a program. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  /** Outputs of the stacks the program reads through StackReferences, by stack name. */
  readonly stackReferences?: ReadonlyMap<string, Record<string, unknown>>;
}

/** What `pulumi.getOrganization()` answers on the local (DIY) backend. */
const DIY_ORGANIZATION = "organization";

interface Construction {
  readonly resource: pulumi.Resource;
  readonly type: string;
  readonly name: string;
  readonly opts: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
}

/**
 * Runs a program (the whole stack, or one component in a callback) under Pulumi's mock
 * engine and records every resource with its inputs and options. Errors the program throws
 * (a ConfigError, say) are rethrown as they are.
 */
export async function runUnderMocks(
  program: () => unknown,
  settings: MockRunSettings,
): Promise<Recording> {
  const mocks = new HomelabMocks(settings.stackReferences);
  await pulumi.runtime.setMocks(mocks, settings.project, settings.stack, false, DIY_ORGANIZATION);
  pulumi.runtime.setAllConfig({ ...settings.config }, [...(settings.secretKeys ?? [])]);

  const constructions: Construction[] = [];
  let failure: { error: unknown } | undefined;
  let outputs: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation(({ resource, type, name, opts }) => {
      constructions.push({ resource, type, name, opts });
      return undefined;
    });
    try {
      outputs = await resolveOutputs(await program());
    } catch (error) {
      // Rethrown below: thrown from here it would also surface as an unhandled rejection.
      failure = { error };
    }
    return {};
  });
  if (failure) throw failure.error;

  await Promise.all(constructions.map((c) => outputValue(c.resource.urn)));
  assertUniqueNames(constructions);
  await rpcsSettled();
  const names = new Map(constructions.map((c) => [c.resource, c.name]));
  const resources = await Promise.all(constructions.map((c) => record(c, names, mocks.registrations)));
  return {
    project: settings.project,
    stack: settings.stack,
    resources: [...resources, ...unseen(mocks.registrations, constructions)],
    outputs: (outputs ?? {}) as Record<string, unknown>,
  };
}

/**
 * The render names a parent by its name alone, so names must be unique across types too;
 * children are named after their component (`traefik-chart`, `traefik-namespace`).
 */
function assertUniqueNames(constructions: readonly Construction[]): void {
  const types = new Map<string, string[]>();
  for (const c of constructions) types.set(c.name, [...(types.get(c.name) ?? []), c.type]);
  const clashes = [...types.entries()].filter(([, list]) => list.length > 1);
  if (clashes.length > 0) {
    throw new Error(`resource names must be unique: ${clashes.map(([name, list]) => `"${name}" (${list.join(", ")})`).join("; ")}`);
  }
}

/**
 * Components register their outputs once those resolve, after the program returned. The
 * next run replaces the global mock engine, so those calls must have arrived first. The SDK
 * marks the helper internal; without it nothing is awaited.
 */
async function rpcsSettled(): Promise<void> {
  const runtime = pulumi.runtime as { waitForRPCs?: () => Promise<void> };
  await runtime.waitForRPCs?.();
}

async function record(
  c: Construction,
  names: ReadonlyMap<pulumi.Resource, string>,
  registrations: ReadonlyMap<string, MockRegistration>,
): Promise<RecordedResource> {
  const registration = registrations.get(`${c.type}::${c.name}`);
  const dependsOn = await dependencies(c.opts.dependsOn);
  return {
    type: c.type,
    name: c.name,
    parent: (c.opts.parent && names.get(c.opts.parent)) ?? null,
    custom: registration?.custom ?? false,
    inputs: registration?.inputs ?? {},
    options: {
      dependsOn: dependsOn.map((r) => names.get(r) ?? "(outside the program)"),
      protect: Boolean(c.opts.protect),
      retainOnDelete: Boolean(c.opts.retainOnDelete),
      provider: registration?.provider ?? null,
      ...(c.opts.customTimeouts && { customTimeouts: c.opts.customTimeouts }),
      ...(c.opts.deleteBeforeReplace && { deleteBeforeReplace: true as const }),
      ...(c.opts.ignoreChanges && { ignoreChanges: [...c.opts.ignoreChanges] }),
    },
  };
}

async function dependencies(dependsOn: pulumi.CustomResourceOptions["dependsOn"]): Promise<pulumi.Resource[]> {
  if (dependsOn === undefined) return [];
  const resolved: unknown = pulumi.Output.isInstance(dependsOn)
    ? await outputValue(dependsOn as pulumi.Output<unknown>)
    : await dependsOn;
  const list = Array.isArray(resolved) ? resolved : [resolved];
  return (await Promise.all(list)) as pulumi.Resource[];
}

/** Resources the engine saw but the program did not construct: default providers. */
function unseen(
  registrations: ReadonlyMap<string, MockRegistration>,
  constructions: readonly Construction[],
): RecordedResource[] {
  const constructed = new Set(constructions.map((c) => `${c.type}::${c.name}`));
  return [...registrations.values()]
    .filter((r) => !constructed.has(`${r.type}::${r.name}`) && r.type !== "pulumi:pulumi:Stack")
    .map((r) => ({
      type: r.type,
      name: r.name,
      parent: null,
      custom: r.custom,
      inputs: r.inputs,
      options: { dependsOn: [], protect: false, retainOnDelete: false, provider: r.provider },
    }));
}
