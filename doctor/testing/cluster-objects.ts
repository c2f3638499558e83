import type { FakeCluster } from "./fake-kube-api";

/** Objects as the API server lists them, with only the fields the doctor reads. */

export interface NodeShape {
  readonly cpu?: string;
  readonly memory?: string;
  readonly address?: string;
  readonly gpus?: number;
  readonly ready?: boolean;
  readonly unschedulable?: boolean;
}

export function node(name: string, shape: NodeShape = {}): unknown {
  return {
    metadata: { name },
    spec: shape.unschedulable ? { unschedulable: true } : {},
    status: {
      allocatable: { cpu: shape.cpu ?? "4", memory: shape.memory ?? "8Gi", ...(shape.gpus ? { "nvidia.com/gpu": String(shape.gpus) } : {}) },
      addresses: [
        { type: "InternalIP", address: shape.address ?? "192.168.49.2" },
        { type: "Hostname", address: name },
      ],
      conditions: [{ type: "Ready", status: shape.ready === false ? "False" : "True" }],
    },
  };
}

export function service(namespace: string, name: string, loadBalancer?: { readonly ip?: string }): unknown {
  return {
    metadata: { namespace, name },
    spec: { type: loadBalancer ? "LoadBalancer" : "ClusterIP" },
    status: { loadBalancer: loadBalancer?.ip ? { ingress: [{ ip: loadBalancer.ip }] } : {} },
  };
}

export function storageClass(name: string, isDefault = false): unknown {
  const annotations = isDefault ? { "storageclass.kubernetes.io/is-default-class": "true" } : {};
  return { metadata: { name, annotations }, provisioner: "k8s.io/minikube-hostpath" };
}

export function runtimeClass(name: string): unknown {
  return { metadata: { name }, handler: name };
}

/** A minikube that fits the test plan: one node, its storage class, nothing deployed. */
export function healthyMinikube(): FakeCluster {
  return {
    gitVersion: "v1.31.4",
    nodes: [node("minikube")],
    services: [service("default", "kubernetes")],
    storageClasses: [storageClass("standard", true)],
    runtimeClasses: [],
  };
}
