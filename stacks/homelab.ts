import { EndpointRegistry } from "../components/lib/endpoints";
import { System } from "../components/system/system";
import { loadConfig, type HomelabConfig } from "./config";
import { stackOutputs, type StackOutputs } from "./outputs";
import { acmeServerUrl } from "./system-config";
import { TARGETS } from "./targets/catalog";
import type { Target } from "./targets/target";

/**
 * The whole platform: validate the stack configuration, let the target answer how to
 * reach the cluster, then build each layer on the one before it.
 */
export function homelab(): StackOutputs {
  const config = loadConfig();
  const target = TARGETS[config.target].connect(config);
  const endpoints = new EndpointRegistry();
  const system = new System("system", systemArgs(config, target, endpoints), { providers: [target.provider] });
  // Last: with per-host certificates the Gateway needs every exposed host.
  system.publishGateway();
  return stackOutputs({ endpoints, target, kubeContext: config.kubernetes.context, system });
}

function systemArgs(config: HomelabConfig, target: Target, endpoints: EndpointRegistry) {
  const acme = config.tls.acme;
  return {
    domain: config.domain,
    sizing: target.sizing,
    loadBalancer: { kind: target.loadBalancer, pools: config.loadBalancer.pools, address: config.loadBalancer.ingressAddress },
    tcpEntryPoints: config.ingress.tcpEntryPoints,
    acme: acme && {
      email: acme.email,
      server: acmeServerUrl(acme.server),
      challenge:
        acme.challenge === "http01"
          ? ({ kind: "http01" } as const)
          : ({ kind: "dns01-cloudflare", apiToken: config.secrets.acmeDnsApiToken! } as const),
    },
    storage: target.storage,
    nfs: config.storage.nfs,
    gpu: target.gpu,
    objectStorage: config.features.objectStorage ? config.objectStorage : undefined,
    endpoints,
  };
}
