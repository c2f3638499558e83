/** The metal layer's surface: what the stack that builds the cluster uses. */
export { K3sCluster, type ClusterNode, type K3sClusterArgs } from "./k3s-cluster";
export type { NodeRole } from "./k3s-config";
