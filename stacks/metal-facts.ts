import { z } from "zod";
import { parseCidr, parseIpv4, parseIpv4Range, rangeContains } from "../components/lib/ipv4";
import { ipv4 } from "./config-fields";
import { configKey } from "./config-problems";
import { networkCidr } from "./metal-config";
import type { StackSettings } from "./stack-settings";

/** The plain outputs of the stack that builds the cluster, as the platform stack reads them. */
export const metalFactsSchema = z.object({
  apiServer: z.string(),
  apiVip: ipv4,
  nodeNetwork: networkCidr,
  nodes: z.array(z.object({ name: z.string(), role: z.enum(["server", "agent", "gpu"]), address: ipv4 })),
  gpuNodes: z.array(z.string()),
});
export type MetalFacts = z.output<typeof metalFactsSchema>;

/**
 * What spans the two stacks, checked before the platform stack creates anything: the
 * load-balancer pools must leave the API VIP and the node addresses free and lie in the
 * nodes' network (MetalLB answers ARP there), and a GPU needs the GPU node.
 */
export function crossStackProblems(
  config: Pick<StackSettings, "loadBalancer" | "features" | "storage">,
  metal: MetalFacts,
  stack: string,
): string[] {
  const network = parseCidr(metal.nodeNetwork)!;
  const taken = [
    { address: metal.apiVip, what: `the API VIP of stack ${stack}` },
    ...metal.nodes.map((n) => ({ address: n.address, what: `the address of node ${n.name} in stack ${stack}` })),
  ];
  const problems = config.loadBalancer.pools.flatMap((pool, p) =>
    pool.addresses.flatMap((text, a) => {
      const key = configKey(["loadBalancer", "pools", p, "addresses", a]);
      const range = parseIpv4Range(text)!;
      const inside = range.first >= network.first && range.last <= network.last;
      return [
        ...(inside ? [] : [`${key}: ${text} is outside ${metal.nodeNetwork}, the node network of stack ${stack}; MetalLB answers ARP only there`]),
        ...taken
          .filter((t) => rangeContains(range, parseIpv4(t.address)!))
          .map((t) => `${key}: ${text} contains ${t.address}, ${t.what}; keep the pools clear of it`),
      ];
    }),
  );
  if (config.features.gpu && metal.gpuNodes.length === 0) {
    problems.push(
      `${configKey(["features", "gpu"])}: stack ${stack} has no GPU node (homelab:cluster.gpuNode there); add one there or turn this off`,
    );
  }
  // LINSTOR keeps each volume on two nodes; with one, no volume could ever be provisioned.
  if (config.storage.piraeusManifest && config.storage.rwo !== "linstor") {
    problems.push(`${configKey(["storage", "piraeusManifest"])}: only read with storage.rwo linstor; got storage.rwo ${config.storage.rwo ?? "local-path"}`);
  }
  if (config.storage.rwo === "linstor" && metal.nodes.length < 2) {
    problems.push(
      `${configKey(["storage", "rwo"])}: linstor replicates every volume on 2 nodes, but stack ${stack} has ${metal.nodes.length}; use local-path or add nodes`,
    );
  }
  return problems;
}
