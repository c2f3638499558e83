import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { LoadBalancerKind } from "../../components/lib/capabilities";
import type { PinnedChart } from "../../components/lib/charts";
import type { CredentialRegistry } from "../../components/lib/credentials";
import type { EndpointRegistry } from "../../components/lib/endpoints";
import type { CrossCheck } from "../config-checks";
import type { ParsedStackSettings, StackFeatures, StackSettings } from "../stack-settings";
import type { Target } from "../targets/target";
import type { TargetFacts } from "../targets/target-facts";
import type { PlatformServices } from "./platform-services";

/**
 * A layer of the platform as the stack sees it: the config keys it owns, the switches that
 * turn it on, the checks of its keys, its pinned charts, how it builds on the layers before
 * it and what it adds to the stack outputs. The catalog (`catalog.ts`) lists the layers in
 * build order; the schema, the feature switches and the outputs are all derived from it.
 */

/** A layer's top-level config keys, each with its schema. */
export type ConfigShape = Readonly<Record<string, z.ZodType>>;

/** The parsed values of a shape's keys. */
export type ConfigOf<Shape extends ConfigShape> = { readonly [Key in keyof Shape]: z.output<Shape[Key]> };

/** What a switch's default may follow besides the target: stack choices that change what the cluster offers. */
export interface StackChoices {
  /** How LoadBalancer Services get addresses (as given, or the target's default on this host). */
  readonly loadBalancer: LoadBalancerKind;
}

/** A switch under `homelab:features`. */
export interface FeatureSwitch {
  /** What it turns on, for messages: "Keycloak single sign-on". */
  readonly summary: string;
  /** Whether it is on when the stack file does not say, from what the target (and the stack's load balancer) can do. */
  readonly default: (target: TargetFacts, stack: StackChoices) => boolean;
  /** Top-level keys that configure only what this switch turns on: set while it is off, they are refused. */
  readonly keys: readonly string[];
}

type WithFeatures<Settings, Switch extends string> = Omit<Settings, "features"> & {
  readonly features: StackFeatures & { readonly [Name in Switch]: boolean };
};

/** What a layer's checks read: the stack-level keys and the layer's own, as parsed. */
export type ParsedLayerConfig<Shape extends ConfigShape, Switch extends string> = WithFeatures<ParsedStackSettings, Switch> &
  ConfigOf<Shape>;

/** What a layer builds from: every default applied, and the secrets it declared. */
export type LayerConfig<Shape extends ConfigShape, Switch extends string> = WithFeatures<StackSettings, Switch> &
  ConfigOf<Shape> & {
    /** Secret keys the stack file holds, as Pulumi secrets. */
    readonly secrets: Readonly<Record<string, pulumi.Output<string> | undefined>>;
  };

/** A generated login, as the `credentials` output shows it. */
export interface Login {
  readonly username: string;
  /** Secret. */
  readonly password: pulumi.Output<string>;
}

/** What a layer adds to the stack outputs; `endpoints` and `hostsEntries` come from what it exposed. */
export interface LayerOutputs {
  /** Generated logins, by UI. */
  readonly credentials?: Readonly<Record<string, Login>>;
  /** Top-level outputs of its own (`llm`, `objectStorage`); their docs live with the layer. */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** What building a layer gave. */
export interface BuiltLayer {
  /** What later layers may use. */
  readonly provides?: PlatformServices;
  readonly outputs?: LayerOutputs;
  /**
   * Runs once every layer is built, with the host label of every exposed service: the
   * shared Gateway is published here, since with per-host certificates it needs them all.
   */
  readonly complete?: (hosts: readonly string[]) => void;
}

export interface LayerContext<Shape extends ConfigShape, Switch extends string, Needs extends keyof PlatformServices> {
  readonly config: LayerConfig<Shape, Switch>;
  readonly target: Target;
  /** Where exposed URLs are recorded. */
  readonly endpoints: EndpointRegistry;
  /** Where generated credentials are asked for; they are delivered once every layer is built. */
  readonly credentials: CredentialRegistry;
  /** What the layers before this one provide; each of `needs` is there. */
  readonly platform: PlatformServices & Required<Pick<PlatformServices, Needs>>;
  /** Options for the layer's top component: the target's provider. */
  readonly opts: pulumi.ComponentResourceOptions;
}

export interface LayerDefinition<
  Shape extends ConfigShape = ConfigShape,
  Switch extends string = string,
  Needs extends keyof PlatformServices = keyof PlatformServices,
> {
  /** As the README names it; also the name of its top component. */
  readonly name: string;
  /** Its switches under `homelab:features`. */
  readonly features: { readonly [Name in Switch]: FeatureSwitch };
  /** The switch that turns the whole layer on. @default none: the layer is always on */
  readonly switch?: Switch;
  /** Its top-level config keys. */
  readonly config: Shape;
  /** Secret config keys it reads, with what each is for. @default none */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Checks across its keys (and the stack-level ones), run once each key is valid. @default none */
  readonly checks?: readonly CrossCheck<ParsedLayerConfig<Shape, Switch>>[];
  /** The Helm charts it installs, pinned: one place per layer for a version bump. @default none */
  readonly charts?: Readonly<Record<string, PinnedChart>>;
  /** The services of earlier layers it builds on. @default none */
  readonly needs?: readonly Needs[];
  /** Builds the layer. Absent for a layer that is planned: its switches may only be off. */
  build?(context: LayerContext<Shape, Switch, Needs>): BuiltLayer;
  /**
   * Stack configs (keys without `homelab:`) that, with the stack files, turn on every option
   * of the layer: the render-wide checks (object schemas, chart values, reach) run over them.
   * @default none
   */
  readonly examples?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Keeps a layer's literal key and switch names, which the composed config type is made of. */
export function defineLayer<
  const Shape extends ConfigShape,
  const Switch extends string,
  const Needs extends keyof PlatformServices = never,
>(layer: LayerDefinition<Shape, Switch, Needs>): LayerDefinition<Shape, Switch, Needs> {
  return layer;
}
