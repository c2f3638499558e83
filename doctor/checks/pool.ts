import { formatIpv4, parseCidr, parseIpv4, parseIpv4Range, rangeContains, type Ipv4Range } from "../../components/lib/ipv4";
import type { LoadBalancerConfig } from "../../stacks/load-balancer-config";
import { fail, pass, warn, type CheckResult } from "../check";
import type { NodeFacts, ServiceFacts } from "../cluster-facts";

const CHECK = "load-balancer pool";

export interface PoolCheckInput {
  readonly loadBalancer: LoadBalancerConfig;
  readonly nodes: readonly NodeFacts[];
  readonly services: readonly ServiceFacts[];
  /** Namespaces of this platform: their Services hold pool addresses after an earlier `pulumi up`. */
  readonly ownNamespaces: ReadonlySet<string>;
  /**
   * The metal stack's outputs checked the pools against the nodes' network already; else
   * the network is taken to be the /24 of each node address.
   */
  readonly networkChecked: boolean;
}

/**
 * MetalLB answers ARP for its addresses only on the nodes' own network, and an address that
 * a node or another Service already holds would answer twice.
 */
export function poolChecks(input: PoolCheckInput): CheckResult[] {
  const { loadBalancer } = input;
  if (loadBalancer.kind !== "metallb" || loadBalancer.pools.length === 0) {
    return [pass(CHECK, "none: the distribution's own load balancer gives the addresses")];
  }
  const results = loadBalancer.pools.flatMap((pool) =>
    pool.addresses.flatMap((text) => {
      const range = parseIpv4Range(text)!;
      return [networkProblem(text, range, input), ...takenProblems(text, range, input)].filter((r): r is CheckResult => r !== undefined);
    }),
  );
  const all = loadBalancer.pools.flatMap((p) => p.addresses).join(", ");
  return results.length > 0 ? results : [pass(CHECK, `${all}: on the nodes' network, no node or other Service holds an address of it`)];
}

function networkProblem(text: string, range: Ipv4Range, input: PoolCheckInput): CheckResult | undefined {
  if (input.networkChecked) return undefined;
  const nodeNetworks = input.nodes.flatMap((n) => n.addresses).map(slash24);
  if (nodeNetworks.some((net) => net && range.first >= net.first && range.last <= net.last)) return undefined;
  const addresses = input.nodes.flatMap((n) => n.addresses).join(", ") || "none";
  return warn(
    CHECK,
    `${text} is outside the /24 of every node address (${addresses}); MetalLB answers ARP only on the nodes' network`,
    "choose free addresses next to a node's (`minikube ip`, `kubectl get nodes -o wide`) in homelab:loadBalancer.pools, unless that network is wider than /24",
  );
}

function takenProblems(text: string, range: Ipv4Range, input: PoolCheckInput): CheckResult[] {
  const inRange = (address: string) => {
    const n = parseIpv4(address);
    return n !== undefined && rangeContains(range, n);
  };
  const nodes = input.nodes.flatMap((node) => node.addresses.filter(inRange).map((a) => `node ${node.name} (${a})`));
  const services = input.services
    .filter((s) => !input.ownNamespaces.has(s.namespace))
    .flatMap((s) => s.addresses.filter(inRange).map((a) => `Service ${s.namespace}/${s.name} (${a})`));
  return [...nodes, ...services].map((holder) =>
    fail(CHECK, `${text} contains an address in use by ${holder}`, "keep the pool clear of it in homelab:loadBalancer.pools"),
  );
}

function slash24(address: string): Ipv4Range | undefined {
  const n = parseIpv4(address);
  return n === undefined ? undefined : parseCidr(`${formatIpv4(n - (n % 256))}/24`);
}
