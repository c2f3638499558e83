import { existingClusterProvider } from "./existing-cluster";
import type { TargetDefinition } from "./target";

/**
 * k3s inside a WSL2 distribution on a Windows desktop. The NVIDIA driver lives in Windows,
 * so only the device plugin runs in the cluster. k3s's own ServiceLB answers on the node,
 * which Windows reaches through WSL's localhost forwarding.
 */
export const wsl2: TargetDefinition = {
  name: "wsl2",
  summary: "an existing k3s cluster inside WSL2 (GPU through the Windows driver, lean sizing)",
  capabilities: { gpuPath: "device-plugin", gpuAlwaysPresent: true, sizing: "lean" },
  defaults: {
    loadBalancer: "builtin",
    kubeContext: "default",
    ingressAddress: "127.0.0.1",
  },
  connect: (settings) => ({
    name: "wsl2",
    provider: existingClusterProvider(settings),
    loadBalancer: settings.loadBalancer.kind,
    storage: {
      rwo: { className: "local-path", provisioner: "builtin" },
      // One node: a local-path class on a shared directory serves ReadWriteMany too.
      rwx: { className: "local-path-shared", provisioner: "local-path" },
    },
    gpu: settings.features.gpu ? "device-plugin" : "none",
    sizing: settings.sizing,
  }),
};
