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
  /**
   * How long Pulumi waits for a GPU pod to become ready the first time (a `customTimeouts`
   * duration): the GPU is usable only once the driver is, and the CUDA images are large.
   */
  readonly firstStart: string;
}

/**
 * The GPU operator builds the kernel module on the node before anything can use the GPU:
 * on a first boot, downloading the driver container and headers and compiling take many
 * minutes, and its own startup probe allows about 21. Under WSL2 the driver is Windows',
 * so only the large CUDA image pull is slow.
 */
export const GPU_FIRST_START = { "gpu-operator": "45m", "device-plugin": "20m" } as const;

/**
 * The driver container builds a kernel module (DKMS, the compiler, the driver's own
 * installer), which needs far more memory than a controller: the chart sets no limit, and
 * a 512 Mi limit got it killed mid-build. It gets a request that reserves enough to
 * start and a limit that fits a build; no CPU limit, so the compiler is not throttled.
 */
export const DRIVER_RESOURCES = { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "4Gi" } } as const;

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
    driver: { resources: DRIVER_RESOURCES },
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
      firstStart: GPU_FIRST_START[args.path],
    };
    this.registerOutputs({ capability: this.capability });
  }
}
