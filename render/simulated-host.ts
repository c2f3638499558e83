import type { Host } from "../stacks/host";

/** The API server minikube's docker driver writes into the kubeconfig: the node on its docker network. */
export const MINIKUBE_DOCKER_API_SERVER = "https://192.168.49.2:8443";

/**
 * A machine for the render: its OS, and the API server its kubeconfig gives for every
 * context, so a render's answer does not depend on the machine it runs on.
 */
export function simulatedHost(os: NodeJS.Platform, apiServer: string | undefined): Host {
  return { os, apiServer: () => apiServer };
}
