import * as pulumi from "@pulumi/pulumi";
import type { TargetDefinition } from "./target";

/** Proxmox VMs running an HA k3s cluster that this program builds itself. */
export const bareMetal: TargetDefinition = {
  name: "bare-metal",
  summary: "Proxmox VMs running an HA k3s cluster built by this program (full sizing)",
  gpuPath: "gpu-operator",
  defaults: {
    sizing: "full",
    loadBalancer: "metallb",
    features: { gpu: false, llm: true, objectStorage: true, data: false, sso: false, observability: false, secrets: false },
  },
  connect: () => {
    throw new pulumi.RunError(
      "target bare-metal gets its cluster from the metal layer (Proxmox VMs and k3s, issue #4), " +
        "which is not built yet; use target minikube or wsl2 until it is",
    );
  },
};
