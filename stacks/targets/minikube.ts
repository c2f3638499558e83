import { existingClusterProvider } from "./existing-cluster";
import type { TargetDefinition } from "./target";

/** A minikube on a laptop: CPU only, MetalLB in minikube's own network, the `standard` class. */
export const minikube: TargetDefinition = {
  name: "minikube",
  summary: "an existing minikube cluster (CPU only, lean sizing)",
  defaults: {
    sizing: "lean",
    loadBalancer: "metallb",
    kubeContext: "minikube",
    features: { gpu: false, llm: true, objectStorage: false, data: false, sso: false, observability: false, secrets: false },
  },
  connect: (config) => ({
    name: "minikube",
    provider: existingClusterProvider(config),
    loadBalancer: config.loadBalancer.kind,
    // minikube's hostpath provisioner serves any access mode on its single node.
    storage: {
      rwo: { className: "standard", provisioner: "builtin" },
      rwx: { className: "standard", provisioner: "builtin" },
    },
    gpu: "none",
    sizing: config.sizing,
  }),
};
