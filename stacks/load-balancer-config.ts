import { z } from "zod";
import type { LoadBalancerKind } from "../components/lib/capabilities";
import { formatIpv4, parseIpv4, parseIpv4Range, rangeContains, rangesOverlap, type Ipv4Range } from "../components/lib/ipv4";
import { ipv4, ipv4Range, name, strict } from "./config-fields";
import { configKey } from "./config-problems";
import { poolFromApiServer } from "./node-pool";
import type { TargetDefaults, TargetFacts } from "./targets/target-facts";

/** `homelab:loadBalancer`: how Services of type LoadBalancer get addresses, and the ingress's. */

const pool = strict({
  /** Names the MetalLB IPAddressPool. */
  name,
  addresses: z.array(ipv4Range).min(1),
});

export type AddressPool = z.output<typeof pool>;

/** The load balancer a target runs when the stack file names none: on some targets the host OS decides. */
export function defaultLoadBalancer(defaults: TargetDefaults, os: NodeJS.Platform): LoadBalancerKind {
  return defaults.loadBalancerOn?.[os] ?? defaults.loadBalancer;
}

const kind = z.enum(["metallb", "builtin", "tunnel"]);

/** The load balancer a stack file names, else the default: what feature defaults follow before the keys are checked. */
export function chosenLoadBalancer(raw: unknown, defaults: TargetDefaults, os: NodeJS.Platform): LoadBalancerKind {
  const named = z.object({ kind }).safeParse(raw);
  return named.success ? named.data.kind : defaultLoadBalancer(defaults, os);
}

export function loadBalancerSchema(defaults: TargetDefaults, os: NodeJS.Platform) {
  return strict({
    kind: kind.default(defaultLoadBalancer(defaults, os)),
    pools: z.array(pool).default([]),
    /** The address the ingress (Traefik) answers on; default: the first pool address. */
    ingressAddress: ipv4.optional(),
  }).prefault({});
}

export type LoadBalancerConfig = z.output<ReturnType<typeof loadBalancerSchema>>;

/** What the load-balancer defaults depend on besides the keys: the target and the machine running the program. */
export interface LoadBalancerSituation {
  readonly target: TargetFacts;
  readonly os: NodeJS.Platform;
  /** The API server URL of the stack's kubeconfig context; read only when a pool is derived. */
  readonly apiServer: () => string | undefined;
}

interface LabelledRange {
  readonly key: string;
  readonly text: string;
  readonly range: Ipv4Range;
}

function poolRanges(pools: readonly AddressPool[]): LabelledRange[] {
  return pools.flatMap((p, i) =>
    p.addresses.map((text, a) => ({
      key: configKey(["loadBalancer", "pools", i, "addresses", a]),
      text,
      range: parseIpv4Range(text)!,
    })),
  );
}

const POOLS = configKey(["loadBalancer", "pools"]);
const INGRESS_ADDRESS = configKey(["loadBalancer", "ingressAddress"]);

/**
 * MetalLB's pools: as the stack file gives them, else (one node that serves the API, as
 * minikube) derived from the node address; a string says why there are none.
 */
export function resolvePools(loadBalancer: LoadBalancerConfig, situation: LoadBalancerSituation): AddressPool[] | string {
  if (loadBalancer.kind !== "metallb" || loadBalancer.pools.length > 0) return loadBalancer.pools;
  if (!situation.target.capabilities.poolFromNode) {
    return `${POOLS}: MetalLB needs at least one address pool (e.g. 192.168.49.200-192.168.49.250)`;
  }
  const server = situation.apiServer();
  const derived = server === undefined ? undefined : poolFromApiServer(server);
  if (derived?.ok) return [{ name: "default", addresses: [derived.addresses] }];
  const why = derived?.reason ?? "the kubeconfig has no API server for the stack's context (is the cluster started?)";
  return `${POOLS}: left out, so it is derived from the node address, but ${why}; set the pools, or use loadBalancer.kind tunnel`;
}

/** Pools that overlap or share a name, a pool nobody announces, and an ingress address nobody would answer on. */
export function loadBalancerProblems(loadBalancer: LoadBalancerConfig, situation: LoadBalancerSituation): string[] {
  const { kind, pools } = loadBalancer;
  const problems: string[] = [];
  const ranges = poolRanges(pools);
  ranges.forEach((a, i) => {
    const clash = ranges.slice(0, i).find((b) => rangesOverlap(a.range, b.range));
    if (clash) problems.push(`${a.key}: ${a.text} overlaps ${clash.key} (${clash.text})`);
  });
  const names = pools.map((p) => p.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) problems.push(`${configKey(["loadBalancer", "pools", i, "name"])}: "${n}" is used twice`);
  });
  if (kind === "builtin" && pools.length > 0) problems.push(`${POOLS}: pools are only used with loadBalancer.kind metallb`);
  if (kind === "tunnel" && pools.length > 0) {
    problems.push(`${POOLS}: pools are only used with loadBalancer.kind metallb; with tunnel, the tunnel gives the addresses`);
  }
  const resolved = resolvePools(loadBalancer, situation);
  if (typeof resolved === "string") return [...problems, resolved];
  const address = ingressAddressOf(loadBalancer, situation, resolved);
  const inPools = (a: string) => poolRanges(resolved).some((r) => rangeContains(r.range, parseIpv4(a)!));
  if (kind === "metallb" && loadBalancer.ingressAddress && !inPools(loadBalancer.ingressAddress)) {
    problems.push(`${INGRESS_ADDRESS}: ${loadBalancer.ingressAddress} is in no load-balancer pool`);
  }
  if (kind === "builtin" && !address) {
    problems.push(`${INGRESS_ADDRESS}: required with the built-in load balancer (the node address people reach)`);
  }
  // A target without a tunnel is reported by the kind already.
  if (kind === "tunnel" && !address && situation.target.capabilities.tunnel) {
    problems.push(
      `${INGRESS_ADDRESS}: required with loadBalancer.kind tunnel on ${situation.os}, where the tunnel's address is not known in advance; ` +
        "name the address Traefik's Service gets (kubectl -n traefik get service traefik), or use loadBalancer.kind metallb",
    );
  }
  return problems;
}

/** The address Traefik answers on: as configured, else the built-in one's or the tunnel's, else the first pool address. */
export function ingressAddressOf(
  loadBalancer: LoadBalancerConfig,
  situation: Pick<LoadBalancerSituation, "target" | "os">,
  pools: readonly AddressPool[],
): string | undefined {
  if (loadBalancer.ingressAddress) return loadBalancer.ingressAddress;
  switch (loadBalancer.kind) {
    case "builtin":
      return situation.target.defaults.ingressAddress;
    case "tunnel":
      return situation.target.capabilities.tunnel?.addressOn[situation.os];
    case "metallb":
      return pools[0] && formatIpv4(parseIpv4Range(pools[0].addresses[0]!)!.first);
  }
}
