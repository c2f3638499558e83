import { type CredentialRegistry, plainSecrets } from "../../components/lib/credentials";
import type { EndpointRegistry } from "../../components/lib/endpoints";
import type { Target } from "../targets/target";
import { isOn, type LayerCatalog } from "./catalog";
import type { LayerConfig, LayerOutputs } from "./layer";
import type { PlatformServices } from "./platform-services";

export interface BuildLayersArgs {
  readonly config: LayerConfig<Record<never, never>, string>;
  readonly target: Target;
  readonly endpoints: EndpointRegistry;
  readonly credentials: CredentialRegistry;
}

/** A built layer's contribution to the stack outputs, by layer name. */
export type BuiltOutputs = ReadonlyArray<{ readonly layer: string; readonly outputs: LayerOutputs }>;

/**
 * Builds every layer that is on, in catalog order, each on what the ones before it
 * provide. Then, with no layer left to ask, delivers every credential the way the layers
 * provide (plain Secrets unless one delivers them otherwise), closes the endpoint list and
 * lets the layers finish: the shared Gateway is published there, with every host.
 */
export function buildLayers(catalog: LayerCatalog, args: BuildLayersArgs): BuiltOutputs {
  let platform: PlatformServices = {};
  const outputs: { layer: string; outputs: LayerOutputs }[] = [];
  const completions: ((hosts: readonly string[]) => void)[] = [];
  for (const layer of catalog) {
    if (!layer.build || !isOn(layer, args.config.features)) continue;
    const missing = (layer.needs ?? []).filter((service) => platform[service] === undefined);
    if (missing.length > 0) {
      throw new Error(`layer ${layer.name} builds on ${missing.join(", ")}, which no layer before it in the catalog provides`);
    }
    const built = layer.build({ ...args, platform: platform as Required<PlatformServices>, opts: { providers: [args.target.provider] } });
    platform = { ...platform, ...built.provides };
    if (built.outputs) outputs.push({ layer: layer.name, outputs: built.outputs });
    if (built.complete) completions.push(built.complete);
  }
  args.credentials.deliverAll(platform.credentialDelivery ?? plainSecrets);
  const hosts = args.endpoints.close();
  for (const complete of completions) complete(hosts);
  return outputs;
}
