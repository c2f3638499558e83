import type { CrossCheck } from "./config-checks";
import { configKey } from "./config-problems";
import type { CheckContext } from "./config-checks";
import { loadBalancerProblems, type LoadBalancerSituation } from "./load-balancer-config";
import type { ParsedStackSettings } from "./stack-settings";
import { TARGETS } from "./targets/catalog";
import type { TargetName } from "./targets/target-facts";

/** Checks across the stack-level keys of a stack that runs the platform. */
export const STACK_CHECKS: readonly CrossCheck<ParsedStackSettings>[] = [
  { needs: ["target", "proxmox", "cluster", "kubernetes", "storage"], run: (c) => targetScopeProblems(c, c.target) },
  { needs: ["target", "features"], run: (c) => gpuProblems(c, c.target) },
  {
    needs: ["target", "loadBalancer", "kubernetes"],
    run: (c, context) => [...tunnelProblems(c, c.target), ...loadBalancerProblems(c.loadBalancer, loadBalancerSituation(c, context))],
  },
];

/** What the load-balancer defaults read besides the keys: the target, the host OS and its kubeconfig. */
export function loadBalancerSituation(
  config: Pick<ParsedStackSettings, "kubernetes">,
  { target, host }: Pick<CheckContext, "target" | "host">,
): LoadBalancerSituation {
  const { context, kubeconfig } = config.kubernetes;
  return { target, os: host.os, apiServer: () => host.apiServer({ context: context ?? target.defaults.kubeContext, kubeconfig }) };
}

function tunnelProblems(config: ParsedStackSettings, target: TargetName): string[] {
  if (config.loadBalancer.kind !== "tunnel" || TARGETS[target].capabilities.tunnel) return [];
  const withTunnel = Object.values(TARGETS)
    .filter((t) => t.capabilities.tunnel)
    .map((t) => `${t.name} (${t.capabilities.tunnel!.command})`)
    .join(" and ");
  return [`${configKey(["loadBalancer", "kind"])}: target ${target} has no load-balancer tunnel; tunnels exist on ${withTunnel}`];
}

/** Keys that only one kind of target reads: set elsewhere they would be silently ignored. */
function targetScopeProblems(config: ParsedStackSettings, target: TargetName): string[] {
  const problems: string[] = [];
  if (target === "bare-metal") {
    if (!config.cluster) {
      problems.push(
        `${configKey(["cluster"])}: required for target bare-metal: { stack: <name> } of the stack that builds the cluster, ` +
          "or the layout of the cluster this stack builds (servers, apiVip, network, …)",
      );
    }
    if (config.kubernetes.context || config.kubernetes.kubeconfig) {
      problems.push(`${configKey(["kubernetes"])}: bare-metal builds its own cluster and kubeconfig; remove this key`);
    }
  } else {
    for (const key of ["cluster", "proxmox"] as const) {
      if (config[key]) problems.push(`${configKey([key])}: only used by target bare-metal; remove it for target ${target}`);
    }
    for (const key of ["rwo", "nfs", "piraeusManifest"] as const) {
      if (config.storage[key]) {
        problems.push(`${configKey(["storage", key])}: only used by target bare-metal; ${target} uses its built-in storage`);
      }
    }
  }
  return problems;
}

function gpuProblems(config: ParsedStackSettings, target: TargetName): string[] {
  if (!config.features.gpu || TARGETS[target].capabilities.gpuPath) return [];
  const withGpu = Object.values(TARGETS)
    .filter((t) => t.capabilities.gpuPath)
    .map((t) => `${t.name} (${t.capabilities.gpuPath})`)
    .join(" and ");
  return [`${configKey(["features", "gpu"])}: target ${target} has no GPU path; GPUs are supported on ${withGpu}`];
}
