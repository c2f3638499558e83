/**
 * How a GPU node is marked, shared by the layer that makes the node (metal) and the
 * layers that schedule onto it (system, llm).
 */

/** Label on nodes with an NVIDIA GPU; GPU workloads select it. */
export const GPU_NODE_LABEL = { key: "homelab/gpu", value: "nvidia" } as const;

/**
 * Taint that keeps ordinary pods off the GPU node. The key is the one NVIDIA's operator
 * and device plugin already tolerate, so only our own GPU workloads need the toleration.
 */
export const GPU_NODE_TAINT = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

/** The extended resource a pod requests to get a GPU. */
export const GPU_RESOURCE = "nvidia.com/gpu";
