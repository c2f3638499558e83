import * as k8s from "@pulumi/kubernetes";
import type { StackSettings } from "../stack-settings";

/** A provider for a cluster that exists already, found through a kubeconfig context. */
export function existingClusterProvider(settings: StackSettings): k8s.Provider {
  return new k8s.Provider("cluster", {
    context: settings.kubernetes.context,
    kubeconfig: settings.kubernetes.kubeconfig,
  });
}
