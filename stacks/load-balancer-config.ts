import { z } from "zod";
import { formatIpv4, parseIpv4, parseIpv4Range, rangeContains, rangesOverlap, type Ipv4Range } from "../components/lib/ipv4";
import { ipv4, ipv4Range, name, strict } from "./config-fields";
import { configKey } from "./config-problems";
import type { TargetDefaults } from "./targets/target-facts";

/** `homelab:loadBalancer`: how Services of type LoadBalancer get addresses, and the ingress's. */

const pool = strict({
  /** Names the MetalLB IPAddressPool. */
  name,
  addresses: z.array(ipv4Range).min(1),
});

export type AddressPool = z.output<typeof pool>;

export function loadBalancerSchema(defaults: TargetDefaults) {
  return strict({
    kind: z.enum(["metallb", "builtin"]).default(defaults.loadBalancer),
    pools: z.array(pool).default([]),
    /** The address the ingress (Traefik) answers on; default: the first pool address. */
    ingressAddress: ipv4.optional(),
  }).prefault({});
}

export type LoadBalancerConfig = z.output<ReturnType<typeof loadBalancerSchema>>;

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

/** Pools that overlap or share a name, and an ingress address nobody would answer on. */
export function loadBalancerProblems(loadBalancer: LoadBalancerConfig, defaults: TargetDefaults): string[] {
  const { kind, pools } = loadBalancer;
  const ingressAddress = loadBalancer.ingressAddress ?? (kind === "builtin" ? defaults.ingressAddress : undefined);
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
  if (kind === "metallb" && pools.length === 0) {
    problems.push(`${configKey(["loadBalancer", "pools"])}: MetalLB needs at least one address pool (e.g. 192.168.49.200-192.168.49.250)`);
  }
  if (kind === "builtin" && pools.length > 0) {
    problems.push(`${configKey(["loadBalancer", "pools"])}: pools are only used with loadBalancer.kind metallb`);
  }
  if (kind === "metallb" && ingressAddress && !ranges.some((r) => rangeContains(r.range, parseIpv4(ingressAddress)!))) {
    problems.push(`${configKey(["loadBalancer", "ingressAddress"])}: ${ingressAddress} is in no load-balancer pool`);
  }
  if (kind === "builtin" && !ingressAddress) {
    problems.push(`${configKey(["loadBalancer", "ingressAddress"])}: required with the built-in load balancer (the node address people reach)`);
  }
  return problems;
}

/** The address Traefik answers on: as configured, else the built-in one's, else the first pool address. */
export function ingressAddressOf(loadBalancer: LoadBalancerConfig, defaults: TargetDefaults): string {
  if (loadBalancer.ingressAddress) return loadBalancer.ingressAddress;
  // The checks above guarantee: metallb has a pool, builtin has an address.
  if (loadBalancer.kind === "builtin") return defaults.ingressAddress!;
  return formatIpv4(parseIpv4Range(loadBalancer.pools[0]!.addresses[0]!)!.first);
}
