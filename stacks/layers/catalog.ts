import type { z } from "zod";
import type { PinnedChart } from "../../components/lib/charts";
import type { StackFeatures } from "../stack-settings";
import type { CrossCheck } from "../config-checks";
import type { BuiltLayer, ConfigOf, ConfigShape, FeatureSwitch, LayerContext } from "./layer";
import type { PlatformServices } from "./platform-services";
import { llmLayer } from "./llm";
import { dataLayer } from "./data";
import { observabilityLayer } from "./observability";
import { secretsLayer } from "./secrets";
import { ssoLayer } from "./sso";
import { systemLayer } from "./system";

/**
 * Every layer of the platform, in build order: a layer builds on the ones before it, and the
 * shared Gateway is published once all of them have exposed their services. A new layer is
 * one folder under `components/`, one module here, and one line in this list.
 */
export const LAYERS = [systemLayer, secretsLayer, ssoLayer, observabilityLayer, dataLayer, llmLayer] as const;

/**
 * A layer with its own key and switch types erased: each layer is typed by its keys, which
 * a common element type cannot name, and the catalog's functions read only what all have.
 */
export interface CatalogLayer {
  readonly name: string;
  readonly features: Readonly<Record<string, FeatureSwitch>>;
  readonly switch?: string;
  readonly config: ConfigShape;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly checks?: readonly CrossCheck<any>[];
  readonly charts?: Readonly<Record<string, PinnedChart>>;
  readonly needs?: readonly (keyof PlatformServices)[];
  build?(context: LayerContext<any, any, any>): BuiltLayer;
  readonly examples?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Any list of layers: the program and the checks take one, so tests can try a new layer. */
export type LayerCatalog = readonly CatalogLayer[];

type SwitchOf<Layer> = Layer extends { readonly features: infer Switches } ? keyof Switches & string : never;
type KeysOf<Layer> = Layer extends { readonly config: infer Shape extends ConfigShape } ? ConfigOf<Shape> : never;
type Intersection<Union> = (Union extends unknown ? (value: Union) => void : never) extends (value: infer Both) => void ? Both : never;

/** Every switch under `homelab:features`. */
export type Features = StackFeatures & { readonly [Name in SwitchOf<(typeof LAYERS)[number]>]: boolean };

/** The layers' own top-level keys, as parsed. */
export type LayersConfig = Intersection<KeysOf<(typeof LAYERS)[number]>>;

export interface CatalogSwitch {
  readonly name: string;
  readonly definition: FeatureSwitch;
  readonly layer: CatalogLayer;
}

/** Every layer's switches, in catalog order. */
export function catalogSwitches(catalog: LayerCatalog): CatalogSwitch[] {
  const switches = mergeOwned(catalog, (layer) => layer.features, "feature switch");
  const owner = (name: string) => catalog.find((layer) => name in layer.features)!;
  return Object.entries(switches).map(([name, definition]) => ({ name, definition, layer: owner(name) }));
}

/** Every layer's top-level keys with their schemas, in catalog order; two layers never share a key. */
export function catalogKeys(catalog: LayerCatalog): Record<string, z.ZodType> {
  return mergeOwned(catalog, (layer) => layer.config, "config key");
}

/** Every layer's secret keys, with what each is for. */
export function catalogSecrets(catalog: LayerCatalog): Record<string, string> {
  return mergeOwned(catalog, (layer) => layer.secrets ?? {}, "secret key");
}

/** The one table of pinned charts that the value checks and the render read. */
export function chartRegistry(catalog: LayerCatalog = LAYERS): PinnedChart[] {
  return catalog.flatMap((layer) => Object.values(layer.charts ?? {}));
}

/** Whether a layer is built: always, or when its switch is on. */
export function isOn(layer: CatalogLayer, features: Readonly<Record<string, boolean>>): boolean {
  return layer.switch === undefined || features[layer.switch] === true;
}

function mergeOwned<Value>(
  catalog: LayerCatalog,
  owned: (layer: CatalogLayer) => Readonly<Record<string, Value>>,
  what: string,
): Record<string, Value> {
  const merged: Record<string, Value> = {};
  const owners = new Map<string, string>();
  for (const layer of catalog) {
    for (const [key, value] of Object.entries(owned(layer))) {
      const owner = owners.get(key);
      if (owner) throw new Error(`layers ${owner} and ${layer.name} both declare the ${what} ${key}; a key has one owner`);
      owners.set(key, layer.name);
      merged[key] = value;
    }
  }
  return merged;
}
