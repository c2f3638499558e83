import * as pulumi from "@pulumi/pulumi";
import type { EndpointRegistry } from "../components/lib/endpoints";
import type { BuiltOutputs } from "./layers/build-layers";
import type { Login } from "./layers/layer";
import type { StackSettings } from "./stack-settings";
import type { TargetFacts } from "./targets/target-facts";
import type { Target } from "./targets/target";

/**
 * What `pulumi stack output` shows: where everything is, how to trust and reach it, and
 * what each layer adds (`caCertificate`, `objectStorage`, `llm`: documented with the layer
 * that makes them and in README's "Stack outputs").
 */
export interface StackOutputs {
  /** name → `https://<name>.<domain>` for every exposed UI and API. */
  readonly endpoints: Record<string, string>;
  /** `address host` lines for /etc/hosts (or the Windows hosts file) when there is no DNS. */
  readonly hostsEntries: string[];
  /** How LoadBalancer Services get their addresses, as this stack chose. */
  readonly loadBalancer: LoadBalancerOutput;
  /** Generated logins, by UI; passwords are secrets. */
  readonly credentials: Record<string, Login>;
  /** Admin kubeconfig (secret), when this program built the cluster. */
  readonly kubeconfig?: pulumi.Output<string>;
  /** The kubeconfig context used, when the cluster existed already. */
  readonly kubeContext?: string;
  readonly [layerOutput: string]: unknown;
}

/** The load balancer the stack runs with, so nobody has to guess which default applied. */
export interface LoadBalancerOutput {
  readonly kind: StackSettings["loadBalancer"]["kind"];
  /** Where Traefik answers: every host name points here. */
  readonly address: string;
  /** MetalLB's address ranges, given or derived from the node. */
  readonly pools?: string[];
  /** The command that must keep running on this machine for the addresses to answer (a tunnel). */
  readonly keepRunning?: string;
}

export function loadBalancerOutput(loadBalancer: StackSettings["loadBalancer"], target: TargetFacts): LoadBalancerOutput {
  const { kind, ingressAddress: address } = loadBalancer;
  if (kind === "metallb") return { kind, address, pools: loadBalancer.pools.flatMap((p) => p.addresses) };
  if (kind === "tunnel") return { kind, address, keepRunning: target.capabilities.tunnel?.command };
  return { kind, address };
}

export interface StackOutputsArgs {
  readonly endpoints: EndpointRegistry;
  readonly loadBalancer: LoadBalancerOutput;
  readonly target: Target;
  readonly kubeContext?: string;
  readonly layers: BuiltOutputs;
}

/**
 * Endpoints first, then the layers' outputs and the merged credentials by name (so the
 * order does not churn when a layer is added), then how to reach the cluster.
 */
export function stackOutputs(args: StackOutputsArgs): StackOutputs {
  const credentials: Record<string, Login> = {};
  const values: Record<string, unknown> = {};
  for (const { layer, outputs } of args.layers) {
    Object.assign(credentials, outputs.credentials);
    for (const [key, value] of Object.entries(outputs.values ?? {})) {
      if (key in values || key in RESERVED) throw new Error(`layer ${layer} outputs ${key}, which another output already is`);
      values[key] = value;
    }
  }
  const merged: Record<string, unknown> = { ...values, credentials };
  return {
    endpoints: args.endpoints.urls(),
    hostsEntries: args.endpoints.hostsEntries(),
    loadBalancer: args.loadBalancer,
    ...Object.fromEntries(Object.keys(merged).sort().map((key) => [key, merged[key]])),
    ...(args.target.kubeconfig ? { kubeconfig: pulumi.secret(args.target.kubeconfig) } : { kubeContext: args.kubeContext }),
  } as StackOutputs;
}

/** Outputs the stack itself makes; no layer may output these names. */
const RESERVED = { endpoints: true, hostsEntries: true, loadBalancer: true, credentials: true, kubeconfig: true, kubeContext: true };
