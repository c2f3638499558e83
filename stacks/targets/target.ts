import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type {
  GpuPath,
  LoadBalancerKind,
  SizingProfile,
  StorageClassChoice,
} from "../../components/lib/capabilities";
import type { Features, HomelabConfig } from "../config";

export const TARGET_NAMES = ["minikube", "wsl2", "bare-metal"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** What a target answers once the program runs: every question that differs per environment. */
export interface Target {
  readonly name: TargetName;
  /** Every Kubernetes resource of every layer goes through this provider. */
  readonly provider: k8s.Provider;
  /** The admin kubeconfig, when this program made the cluster (secret). */
  readonly kubeconfig?: pulumi.Output<string>;
  readonly loadBalancer: LoadBalancerKind;
  readonly storage: {
    /** ReadWriteOnce volumes; the default StorageClass. */
    readonly rwo: StorageClassChoice;
    /** ReadWriteMany volumes; absent when the target has none configured. */
    readonly rwx?: StorageClassChoice;
  };
  /** `none` unless the stack asked for a GPU and the target has a path to one. */
  readonly gpu: GpuPath;
  readonly sizing: SizingProfile;
}

/** Per-target defaults for the stack configuration. */
export interface TargetDefaults {
  readonly sizing: SizingProfile;
  readonly loadBalancer: LoadBalancerKind;
  /** The kubeconfig context of an existing cluster. */
  readonly kubeContext?: string;
  /** Where people reach the ingress when the load balancer is the built-in one. */
  readonly ingressAddress?: string;
  readonly features: Features;
}

/** Everything about one target: its defaults, what it can do, and how it connects. */
export interface TargetDefinition {
  readonly name: TargetName;
  /** One line for messages and the README. */
  readonly summary: string;
  /** The GPU path used when `features.gpu` is on; undefined when the target has none. */
  readonly gpuPath?: Exclude<GpuPath, "none">;
  readonly defaults: TargetDefaults;
  /** Before it creates anything, a target may read what it needs (bare metal: the stack that built the cluster). */
  connect(config: HomelabConfig): Target | Promise<Target>;
}
