import { z } from "zod";
import { formatIpv4, parseIpv4, parseIpv4Range, rangeContains } from "../../components/lib/ipv4";
import type { CheckContext } from "../config-checks";
import { ipv4, strict } from "../config-fields";
import { configKey } from "../config-problems";
import { ingressAddressOf, resolvePools, type AddressPool, type LoadBalancerConfig } from "../load-balancer-config";
import { loadBalancerSituation } from "../stack-checks";
import type { ParsedStackSettings } from "../stack-settings";

/** `homelab:dns`: the DNS server that answers the platform's domain (with `features.dns`). */
export const dnsSchema = strict({
  /** Its load-balancer address, inside a pool and not Traefik's; default: the first pool address after Traefik's. */
  address: ipv4.optional(),
}).prefault({});

export type DnsConfig = z.output<typeof dnsSchema>;

/** The DNS server's address: as configured, else the first pool address that is not the ingress's. */
export function dnsAddressOf(dns: DnsConfig, pools: readonly AddressPool[], ingressAddress: string): string | undefined {
  if (dns.address) return dns.address;
  const ingress = parseIpv4(ingressAddress);
  for (const range of pools.flatMap((p) => p.addresses.map((a) => parseIpv4Range(a)!))) {
    const free = range.first !== ingress ? range.first : range.first + 1;
    if (free <= range.last) return formatIpv4(free);
  }
  return undefined;
}

export interface DnsConfigView {
  readonly features: { readonly dns: boolean };
  readonly loadBalancer: LoadBalancerConfig;
  readonly kubernetes: ParsedStackSettings["kubernetes"];
  readonly dns: DnsConfig;
}

/** A DNS server needs an address of its own on the LAN: MetalLB's, clear of Traefik's. */
export function dnsProblems(config: DnsConfigView, context: Pick<CheckContext, "target" | "host">): string[] {
  if (!config.features.dns) return [];
  const { kind } = config.loadBalancer;
  if (kind !== "metallb") {
    return [
      `${configKey(["features", "dns"])}: the DNS server needs a load-balancer address of its own, which only loadBalancer.kind metallb gives ` +
        `(this stack: ${kind}); leave it off and use the hostsEntries output`,
    ];
  }
  const situation = loadBalancerSituation(config, context);
  const pools = resolvePools(config.loadBalancer, situation);
  // Pools that do not resolve are reported by their own key.
  if (typeof pools === "string") return [];
  const ingress = ingressAddressOf(config.loadBalancer, situation, pools)!;
  const given = config.dns.address;
  const key = configKey(["dns", "address"]);
  if (given && !pools.some((p) => p.addresses.some((a) => rangeContains(parseIpv4Range(a)!, parseIpv4(given)!)))) {
    return [`${key}: ${given} is in no load-balancer pool`];
  }
  if (given === ingress) return [`${key}: ${given} is Traefik's address (loadBalancer.ingressAddress); the DNS server needs its own`];
  if (!dnsAddressOf(config.dns, pools, ingress)) {
    return [`${configKey(["loadBalancer", "pools"])}: no address is left for the DNS server besides Traefik's; widen a pool or turn features.dns off`];
  }
  return [];
}
