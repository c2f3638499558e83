import { CredentialRegistry } from "../components/lib/credentials";
import { EndpointRegistry } from "../components/lib/endpoints";
import { type HomelabConfig, loadConfig } from "./config";
import { thisMachine, type Host } from "./host";
import { buildLayers } from "./layers/build-layers";
import { LAYERS, type LayerCatalog } from "./layers/catalog";
import { isClusterLayout, type MetalStackConfig } from "./metal-config";
import { metalStack, type MetalStackOutputs } from "./metal-stack";
import { loadBalancerOutput, stackOutputs, type StackOutputs } from "./outputs";
import { TARGETS } from "./targets/catalog";

/**
 * The whole platform: validate the stack configuration, let the target answer how to
 * reach the cluster, then build the catalog's layers in order, each on the ones before it.
 * A bare-metal stack whose `homelab:cluster` is a layout builds that cluster instead, and
 * nothing in it. Defaults that depend on the machine (its OS, its kubeconfig) follow `host`.
 */
export async function homelab(catalog: LayerCatalog = LAYERS, host: Host = thisMachine()): Promise<StackOutputs | MetalStackOutputs> {
  const config = loadConfig(catalog, host);
  if (buildsCluster(config)) return metalStack(config);
  const target = await TARGETS[config.target].connect(config);
  const endpoints = new EndpointRegistry();
  const layers = buildLayers(catalog, { config, target, endpoints, credentials: new CredentialRegistry() });
  const loadBalancer = loadBalancerOutput(config.loadBalancer, TARGETS[config.target]);
  return stackOutputs({ endpoints, loadBalancer, target, kubeContext: config.kubernetes.context, layers });
}

function buildsCluster(config: HomelabConfig | MetalStackConfig): config is MetalStackConfig {
  return isClusterLayout(config.cluster);
}
