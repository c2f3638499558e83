import { EndpointRegistry } from "../components/lib/endpoints";
import { loadConfig } from "./config";
import { isClusterLayout, type MetalStackConfig } from "./metal-config";
import { metalStack, type MetalStackOutputs } from "./metal-stack";
import { stackOutputs, type StackOutputs } from "./outputs";
import { TARGETS } from "./targets/catalog";

/**
 * The whole platform: validate the stack configuration, let the target answer how to
 * reach the cluster, then build each layer on the one before it. A bare-metal stack whose
 * `homelab:cluster` is a layout builds that cluster instead, and nothing in it.
 */
export async function homelab(): Promise<StackOutputs | MetalStackOutputs> {
  const config = loadConfig();
  if (buildsCluster(config)) return metalStack(config);
  const target = await TARGETS[config.target].connect(config);
  const endpoints = new EndpointRegistry();
  return stackOutputs({ endpoints, target, kubeContext: config.kubernetes.context });
}

function buildsCluster(config: ReturnType<typeof loadConfig>): config is MetalStackConfig {
  return isClusterLayout(config.cluster);
}
