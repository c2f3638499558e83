import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { GpuPath, LoadBalancerKind, SizingProfile, StorageClassChoice } from "../../components/lib/capabilities";
import type { StackSettings } from "../stack-settings";
import type { TargetFacts, TargetName } from "./target-facts";

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

/** Everything about one target: what it can do, its defaults, and how it connects. */
export interface TargetDefinition extends TargetFacts {
  /** Before it creates anything, a target may read what it needs (bare metal: the stack that built the cluster). */
  connect(settings: StackSettings): Target | Promise<Target>;
}
