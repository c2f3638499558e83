import type { PinnedChart } from "../lib/charts";

/**
 * The Helm charts the system layer installs, pinned. Values for each are written against
 * that version's own values.yaml; a version bump means reading the new one.
 */
export const SYSTEM_CHARTS = {
  metallb: {
    repo: "https://metallb.github.io/metallb",
    chart: "metallb",
    version: "0.16.1",
    digest: "sha256:fb06bb584fcb7856f15733b2a6a2aff5b61b5c350687e341c163ae24a5938adc",
    workloads: [
      { resources: ["controller", "resources"], replicas: 1 },
      { resources: ["speaker", "resources"], replicas: "per-node" },
    ],
  },
  traefik: {
    repo: "https://traefik.github.io/charts",
    chart: "traefik",
    version: "41.3.0",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
  certManager: {
    chart: "oci://quay.io/jetstack/charts/cert-manager",
    version: "v1.21.1",
    workloads: [
      { resources: ["resources"], replicas: 1 },
      { resources: ["webhook", "resources"], replicas: 1 },
      { resources: ["cainjector", "resources"], replicas: 1 },
    ],
  },
  cloudnativePg: {
    repo: "https://cloudnative-pg.github.io/charts",
    chart: "cloudnative-pg",
    version: "0.29.0",
    digest: "sha256:668e065ff53508d58238788fd35b355a925060843629a951df0e6a9362e6d32f",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
  // CoreDNS with the k8s_gateway plugin. The maintained fork: ori-edge's chart (2.4.0) has
  // not moved since 2024, reads Gateway API v1.0 and its pod cannot run restricted.
  k8sGateway: {
    chart: "oci://ghcr.io/k8s-gateway/charts/k8s-gateway",
    version: "3.7.2",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
  reloader: {
    repo: "https://stakater.github.io/stakater-charts",
    chart: "reloader",
    version: "2.2.16",
    digest: "sha256:5389fb496a120d6aac8f2b33c54ba21ed59014131def14cfc78f9d4a9374d2b7",
    workloads: [{ resources: ["reloader", "deployment", "resources"], replicas: 1 }],
  },
  nfsProvisioner: {
    repo: "https://kubernetes-sigs.github.io/nfs-subdir-external-provisioner/",
    chart: "nfs-subdir-external-provisioner",
    version: "4.0.18",
    workloads: [{ resources: ["resources"], replicas: 1 }],
  },
  // LINSTOR's own pods are made by the Piraeus operator from these custom resources.
  linstorCluster: {
    repo: "https://piraeus.io/helm-charts/",
    chart: "linstor-cluster",
    version: "1.1.1",
    workloads: [],
  },
  nvidiaDevicePlugin: {
    repo: "https://nvidia.github.io/k8s-device-plugin",
    chart: "nvidia-device-plugin",
    version: "0.20.0",
    workloads: [{ resources: ["resources"], replicas: "per-node" }],
  },
  gpuOperator: {
    repo: "https://helm.ngc.nvidia.com/nvidia",
    chart: "gpu-operator",
    version: "v26.7.0",
    digest: "sha256:6d1b282d74288be206c66dfe49073b7c85c209e92826c27f6507429055e2e102",
    // Operands run on GPU nodes only; counted per node, which overstates a mixed cluster.
    workloads: [
      { resources: ["operator", "resources"], replicas: 1 },
      ...["driver", "toolkit", "devicePlugin", "dcgmExporter", "gfd", "validator"].map((operand) => ({
        resources: [operand, "resources"],
        replicas: "per-node" as const,
      })),
    ],
  },
  seaweedfs: {
    repo: "https://seaweedfs.github.io/seaweedfs/helm",
    chart: "seaweedfs",
    version: "4.44.0",
    workloads: [{ resources: ["allInOne", "resources"], replicas: 1 }],
  },
  minioOperator: {
    repo: "https://operator.min.io",
    chart: "operator",
    version: "7.1.1",
    reference: "minio-operator",
    workloads: [{ resources: ["operator", "resources"], replicas: 1 }],
  },
  minioTenant: {
    repo: "https://operator.min.io",
    chart: "tenant",
    version: "7.1.1",
    reference: "minio-tenant",
    workloads: [{ resources: ["tenant", "pools", 0, "resources"], replicas: 1 }],
  },
} as const satisfies Record<string, PinnedChart>;
