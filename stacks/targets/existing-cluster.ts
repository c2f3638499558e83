import * as k8s from "@pulumi/kubernetes";
import type { HomelabConfig } from "../config";

/** A provider for a cluster that exists already, found through a kubeconfig context. */
export function existingClusterProvider(config: HomelabConfig): k8s.Provider {
  return new k8s.Provider("cluster", {
    context: config.kubernetes.context,
    kubeconfig: config.kubernetes.kubeconfig,
  });
}
