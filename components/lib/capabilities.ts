/**
 * The answers a target gives about its cluster. Components receive these as arguments and
 * never ask which target they run on.
 */

/** How Services of type LoadBalancer get an address. */
export type LoadBalancerKind =
  /** MetalLB announces addresses from the stack's pools (L2/ARP). */
  | "metallb"
  /** The distribution's own service load balancer (k3s ServiceLB). */
  | "builtin"
  /**
   * A tunnel from the host into the cluster (`minikube tunnel`), for when the host cannot
   * reach the node network: Services get an address on the host, as long as it runs.
   */
  | "tunnel";

/** How pods get an NVIDIA GPU, if at all. */
export type GpuPath =
  | "none"
  /** The driver lives outside the cluster (Windows, for WSL2): only the device plugin runs. */
  | "device-plugin"
  /** The NVIDIA GPU operator manages driver, toolkit and device plugin on the GPU node. */
  | "gpu-operator";

/** Resource requests and limits scale with this: lean fits a laptop, full a server. */
export type SizingProfile = "lean" | "full";

/** Where a StorageClass comes from. */
export type StorageProvisioner =
  /** Shipped with the distribution (minikube `standard`, k3s `local-path`). */
  | "builtin"
  /** Rancher local-path provisioner, installed by the system layer. */
  | "local-path"
  /** Piraeus/LINSTOR: replicated block storage across nodes. */
  | "linstor"
  /** NFS subdir provisioner on an existing NFS export. */
  | "nfs";

export interface StorageClassChoice {
  /** The StorageClass name that PVCs ask for. */
  readonly className: string;
  readonly provisioner: StorageProvisioner;
}
