import type { GpuPath, LoadBalancerKind, SizingProfile } from "../../components/lib/capabilities";

/**
 * What is known of a target before the program connects to it: its name, what its cluster
 * can do and its defaults. Every module that decides something per target reads these
 * facts, so none of them needs to ask for a target by name.
 */

export const TARGET_NAMES = ["minikube", "wsl2", "bare-metal"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** What a target's cluster can do: the defaults of every feature switch follow from it. */
export interface TargetCapabilities {
  /** How pods get a GPU when `features.gpu` is on; absent when the target has no way. */
  readonly gpuPath?: Exclude<GpuPath, "none">;
  /**
   * A GPU is there whenever the target is (WSL2: the Windows driver serves it), rather
   * than only when the cluster was built with a GPU node.
   */
  readonly gpuAlwaysPresent: boolean;
  /** The sizing profile the target runs when the stack file names none. */
  readonly sizing: SizingProfile;
  /** A tunnel that gives LoadBalancer Services an address on the host; absent where there is none. */
  readonly tunnel?: TunnelFacts;
  /**
   * One node that serves the API itself: with MetalLB and no pools given, the pool is derived
   * from the node address in the kubeconfig's API server URL.
   */
  readonly poolFromNode?: boolean;
  /**
   * The nodes are machines this program built, with systemd keeping a journal on disk, so
   * their journal (k3s, the kernel) is shipped with the pods' logs. A minikube node is a
   * container of the laptop's Docker and a WSL2 distribution is the developer's own
   * machine: neither journal tells about the platform.
   */
  readonly nodeJournal?: boolean;
}

/** A load-balancer tunnel such as `minikube tunnel`. */
export interface TunnelFacts {
  /** What must keep running on the host for the addresses to answer. */
  readonly command: string;
  /** The address Services get, by host OS, where it is known before they exist. */
  readonly addressOn: Partial<Record<NodeJS.Platform, string>>;
}

/** Per-target defaults for the stack-level keys. */
export interface TargetDefaults {
  readonly loadBalancer: LoadBalancerKind;
  /** The load balancer where the host OS decides it (which networks the host reaches). @default loadBalancer on every OS */
  readonly loadBalancerOn?: Partial<Record<NodeJS.Platform, LoadBalancerKind>>;
  /** The kubeconfig context of an existing cluster. */
  readonly kubeContext?: string;
  /** Where people reach the ingress when the load balancer is the built-in one. */
  readonly ingressAddress?: string;
}

/** A target as configuration checks and defaults see it. */
export interface TargetFacts {
  readonly name: TargetName;
  /** One line for messages and the README. */
  readonly summary: string;
  readonly capabilities: TargetCapabilities;
  readonly defaults: TargetDefaults;
}

/**
 * The Kubernetes minor versions the program is known to run on, on every target. The
 * oldest is the highest minimum a pinned chart declares (CloudNativePG 0.29.0 asks for
 * 1.29); the newest is the minor of the k3s the metal layer installs. `npm run doctor`
 * fails an older cluster and warns about a newer one, which nobody has tried yet.
 */
export const SUPPORTED_KUBERNETES = { oldest: { major: 1, minor: 29 }, newest: { major: 1, minor: 36 } } as const;
