import { EndpointRegistry } from "../components/lib/endpoints";
import { loadConfig } from "./config";
import { stackOutputs, type StackOutputs } from "./outputs";
import { TARGETS } from "./targets/catalog";

/**
 * The whole platform: validate the stack configuration, let the target answer how to
 * reach the cluster, then build each layer on the one before it.
 */
export function homelab(): StackOutputs {
  const config = loadConfig();
  const target = TARGETS[config.target].connect(config);
  const endpoints = new EndpointRegistry();
  return stackOutputs({ endpoints, target, kubeContext: config.kubernetes.context });
}
