import { EndpointRegistry } from "../components/lib/endpoints";
import { Llm } from "../components/llm/llm";
import { System } from "../components/system/system";
import { type HomelabConfig, loadConfig } from "./config";
import { OPEN_WEBUI_USER } from "./llm-config";
import { isClusterLayout, type MetalStackConfig } from "./metal-config";
import { metalStack, type MetalStackOutputs } from "./metal-stack";
import { stackOutputs, type StackOutputs } from "./outputs";
import { acmeServerUrl } from "./system-config";
import { TARGETS } from "./targets/catalog";
import type { Target } from "./targets/target";

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
  const providers = { providers: [target.provider] };
  const system = new System("system", systemArgs(config, target, endpoints), providers);
  const llm = config.features.llm ? new Llm("llm", llmArgs(config, target, system), providers) : undefined;
  // Last: with per-host certificates the Gateway needs every exposed host.
  system.publishGateway();
  return stackOutputs({ endpoints, target, kubeContext: config.kubernetes.context, system, llm, apiUsers: config.llm.apiUsers });
}

function llmArgs(config: HomelabConfig, target: Target, system: System) {
  return {
    models: config.models,
    apiUsers: config.llm.apiUsers,
    openWebuiUser: OPEN_WEBUI_USER,
    chatBackend: config.llm.chatBackend,
    modelStorage: config.llm.modelStorage,
    gatewayImage: config.llm.gatewayImage,
    gpu: system.gpu,
    storageClass: target.storage.rwo.className,
    sizing: target.sizing,
    postgresOperator: system.cloudnativePg.chart,
    caCertificate: system.caCertificate,
    exposure: system.exposure,
  };
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

function buildsCluster(config: ReturnType<typeof loadConfig>): config is MetalStackConfig {
  return isClusterLayout(config.cluster);
}
