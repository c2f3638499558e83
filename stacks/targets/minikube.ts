import { existingClusterProvider } from "./existing-cluster";
import type { TargetDefinition } from "./target";

/** A minikube on a laptop: CPU only, MetalLB in minikube's own network, the `standard` class. */
export const minikube: TargetDefinition = {
  name: "minikube",
  summary: "an existing minikube cluster (CPU only, lean sizing)",
  capabilities: { gpuAlwaysPresent: false, sizing: "lean" },
  defaults: {
    loadBalancer: "metallb",
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
