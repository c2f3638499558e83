import { existingClusterProvider } from "./existing-cluster";
import type { TargetDefinition } from "./target";

/**
 * A minikube on a laptop: CPU only, the `standard` class. On Linux the host reaches the
 * docker network, so MetalLB answers there; on macOS and Windows that network is inside
 * Docker's VM, so `minikube tunnel` gives Services an address on the host instead.
 */
export const minikube: TargetDefinition = {
  name: "minikube",
  summary: "an existing minikube cluster (CPU only, lean sizing)",
  capabilities: {
    gpuAlwaysPresent: false,
    sizing: "lean",
    // With the docker driver on macOS and Windows, the tunnel forwards from localhost.
    tunnel: { command: "minikube tunnel", addressOn: { darwin: "127.0.0.1", win32: "127.0.0.1" } },
    poolFromNode: true,
  },
  defaults: {
    loadBalancer: "metallb",
    loadBalancerOn: { darwin: "tunnel", win32: "tunnel" },
    kubeContext: "minikube",
  },
  connect: (settings) => ({
    name: "minikube",
    provider: existingClusterProvider(settings),
    loadBalancer: settings.loadBalancer.kind,
    // minikube's hostpath provisioner serves any access mode on its single node.
    storage: {
      rwo: { className: "standard", provisioner: "builtin" },
      rwx: { className: "standard", provisioner: "builtin" },
    },
    gpu: "none",
    sizing: settings.sizing,
  }),
};
