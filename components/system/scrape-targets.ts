import { EVERY_NAMESPACE, type ScrapeTarget } from "../lib/scrape-target";
import { SHARED_GATEWAY } from "../lib/shared-gateway";
import { CERT_MANAGER_NAMESPACE } from "./cert-manager";
import { CLOUDNATIVE_PG_NAMESPACE } from "./cloudnative-pg";
import { OBJECT_STORAGE_NAMESPACE, type ObjectStorageServerKind } from "./object-storage";
import { RELOADER_NAMESPACE } from "./reloader";

/** Port of the PostgreSQL exporter in every CloudNativePG instance pod. */
export const CNPG_METRICS_PORT = 9187;

/** Which optional parts of the system layer run. */
export interface SystemParts {
  readonly metalLb: boolean;
  readonly gpuOperator: boolean;
  /** The S3 server, when object storage runs. @default none */
  readonly objectStorage?: ObjectStorageServerKind;
}

/**
 * SeaweedFS's one pod serves its metrics (S3, filer, volume) on the chart's `allInOne.metricsPort`.
 * MinIO's need a bearer token signed with its root key, which nothing here mints, so it is
 * left unscraped.
 */
function objectStorageTargets(server: ObjectStorageServerKind | undefined): ScrapeTarget[] {
  if (server !== "seaweedfs") return [];
  return [
    {
      name: "seaweedfs",
      namespace: OBJECT_STORAGE_NAMESPACE,
      podLabels: { "app.kubernetes.io/name": "seaweedfs", "app.kubernetes.io/component": "seaweedfs-all-in-one" },
      portName: "server-metrics",
      port: 9324,
    },
  ];
}

/**
 * What the system layer's workloads serve to Prometheus, with the pod labels and port names
 * their pinned charts give them.
 */
export function systemScrapeTargets(parts: SystemParts): ScrapeTarget[] {
  return [
    { name: "traefik", namespace: SHARED_GATEWAY.namespace, podLabels: { "app.kubernetes.io/name": "traefik" }, portName: "metrics", port: 9100 },
    {
      name: "cert-manager",
      namespace: CERT_MANAGER_NAMESPACE,
      podLabels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" },
      portName: "http-metrics",
      port: 9402,
    },
    { name: "cloudnative-pg", namespace: CLOUDNATIVE_PG_NAMESPACE, podLabels: { "app.kubernetes.io/name": "cloudnative-pg" }, portName: "metrics", port: 8080 },
    { name: "postgresql", namespace: EVERY_NAMESPACE, podLabels: { "cnpg.io/podRole": "instance" }, portName: "metrics", port: CNPG_METRICS_PORT },
    // Reloader's one HTTP port serves /metrics beside its probes.
    { name: "reloader", namespace: RELOADER_NAMESPACE, podLabels: { "app.kubernetes.io/name": "reloader" }, portName: "http", port: 9090 },
    ...(parts.metalLb
      ? [
          {
            name: "metallb-controller",
            namespace: "metallb-system",
            podLabels: { "app.kubernetes.io/name": "metallb", "app.kubernetes.io/component": "controller" },
            portName: "monitoring",
            port: 7472,
          },
          {
            name: "metallb-speaker",
            namespace: "metallb-system",
            podLabels: { "app.kubernetes.io/name": "metallb", "app.kubernetes.io/component": "speaker" },
            portName: "monitoring",
            port: 7472,
            hostNetwork: true,
          },
        ]
      : []),
    ...(parts.gpuOperator
      ? [{ name: "dcgm-exporter", namespace: "gpu-operator", podLabels: { app: "nvidia-dcgm-exporter" }, portName: "metrics", port: 9400 }]
      : []),
    ...objectStorageTargets(parts.objectStorage),
  ];
}
