import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { GPU_NODE_LABEL, GPU_NODE_TAINT, GPU_RESOURCE } from "../lib/gpu-node";
import { platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";

/** What a pod adds to run on an NVIDIA GPU. */
export interface GpuCapability {
  /** Extended resource to request (one per GPU). */
  readonly resource: typeof GPU_RESOURCE;
  /** Runtime that exposes the GPU to containers. */
  readonly runtimeClassName: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly { readonly key: string; readonly operator: "Exists"; readonly effect: string }[];
}

export interface NvidiaGpuArgs {
  /**
   * `device-plugin`: the driver lives outside the cluster (Windows, for WSL2);
   * `gpu-operator`: the operator installs driver, toolkit and plugin on the GPU node.
   */
  readonly path: "device-plugin" | "gpu-operator";
  readonly sizing: SizingProfile;
}

/**
 * Both paths use the `nvidia` RuntimeClass that k3s ships (it registers the runtime when
 * it finds the NVIDIA toolkit), so pods opt in rather than every pod using it.
 */
const RUNTIME_CLASS = "nvidia";

/** Device plugin values for a WSL2 node: no feature-discovery labels there, so any Linux node qualifies. */
export function devicePluginValues(sizing: SizingProfile) {
  return {
    runtimeClassName: RUNTIME_CLASS,
    resources: resources(sizing, "tiny"),
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/os", operator: "In", values: ["linux"] }] }],
        },
      },
    },
  };
}

/** k3s keeps containerd's config and socket in its own paths; the toolkit must write there. */
const K3S_CONTAINERD = [
  { name: "CONTAINERD_CONFIG", value: "/var/lib/rancher/k3s/agent/etc/containerd/config.toml" },
  { name: "CONTAINERD_SOCKET", value: "/run/k3s/containerd/containerd.sock" },
  { name: "CONTAINERD_RUNTIME_CLASS", value: RUNTIME_CLASS },
  { name: "CONTAINERD_SET_AS_DEFAULT", value: "false" },
];

/** GPU operator values for k3s VMs with a passed-through GPU; consumer GPUs have no MIG. */
export function gpuOperatorValues(sizing: SizingProfile) {
  const operand = (size: "tiny" | "small" | "medium") => ({ resources: resources(sizing, size) });
  return {
    operator: operand("small"),
    driver: operand("medium"),
    toolkit: { env: K3S_CONTAINERD, ...operand("small") },
    devicePlugin: operand("tiny"),
    dcgmExporter: operand("small"),
    gfd: operand("tiny"),
    validator: operand("tiny"),
    migManager: { enabled: false },
  };
}

/** NVIDIA GPUs for pods: the device plugin (WSL2) or the GPU operator (bare metal). */
export class NvidiaGpu extends pulumi.ComponentResource {
  readonly capability: GpuCapability;

  constructor(name: string, args: NvidiaGpuArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:NvidiaGpu", name, {}, opts);
    const operator = args.path === "gpu-operator";
    const namespaceName = operator ? "gpu-operator" : "nvidia-device-plugin";
    const { namespace } = platformNamespace(
      namespaceName,
      {
        podSecurity: { level: "privileged", reason: "GPU plugins reach the kubelet's device-plugin socket and the driver through host paths" },
        // The operator's driver container downloads kernel headers and packages.
        allow: operator ? [{ kind: "api-server" }, { kind: "to-internet", ports: [80, 443] }] : [],
      },
      { parent: this },
    );
    installChart(
      name,
      operator ? SYSTEM_CHARTS.gpuOperator : SYSTEM_CHARTS.nvidiaDevicePlugin,
      { namespace: namespaceName, values: operator ? gpuOperatorValues(args.sizing) : devicePluginValues(args.sizing) },
      { parent: this, dependsOn: [namespace] },
    );
    this.capability = {
      resource: GPU_RESOURCE,
      runtimeClassName: RUNTIME_CLASS,
      // On WSL2 the one node is the GPU node; on bare metal the metal layer labels and taints it.
      nodeSelector: operator ? { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value } : {},
      tolerations: operator ? [{ key: GPU_NODE_TAINT.key, operator: "Exists", effect: GPU_NODE_TAINT.effect }] : [],
    };
    this.registerOutputs({ capability: this.capability });
  }
}
