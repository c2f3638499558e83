import { MINIKUBE, renderConfig, renderStack } from "./harness";
import type { Recording } from "./run-under-mocks";

/**
 * Renders that together install every chart of the table and every kind of object the
 * program makes, for the checks that run over whole renders.
 */
export const RENDERS: Readonly<Record<string, () => Promise<Recording>>> = {
  dev: () => renderStack("dev"),
  wsl: () => renderStack("wsl"),
  "homelab-metal": () => renderStack("homelab-metal"),
  homelab: () => renderStack("homelab"),
  "minikube with SeaweedFS, ACME HTTP-01 and TCP entry points": () =>
    renderConfig({
      ...MINIKUBE,
      domain: "lab.example.com",
      features: { objectStorage: true },
      tls: { acme: { email: "a@example.com" } },
      ingress: { tcpEntryPoints: { ssh: 2222 } },
    }),
  "minikube with MinIO, ACME DNS-01 and Open WebUI on Ollama": () =>
    renderConfig({
      ...MINIKUBE,
      domain: "lab.example.com",
      acmeDnsApiToken: { secure: "v1:abc" },
      tls: { acme: { email: "a@example.com", challenge: "dns01-cloudflare" } },
      features: { objectStorage: true },
      objectStorage: { server: "minio" },
      llm: { chatBackend: "ollama" },
    }),
  "homelab with LINSTOR and NFS": () =>
    renderConfig({
      target: "bare-metal",
      domain: "lab.home.arpa",
      cluster: { stack: "homelab-metal" },
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] },
      storage: { rwo: "linstor", nfs: { server: "nas.lan", path: "/export/k8s" } },
    }),
};
