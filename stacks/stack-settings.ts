import { z } from "zod";
import { isDomain, strict } from "./config-fields";
import { show } from "./config-problems";
import { loadBalancerSchema, type LoadBalancerConfig } from "./load-balancer-config";
import { clusterSchema, proxmoxSchema } from "./metal-config";
import { TARGET_NAMES, type TargetFacts } from "./targets/target-facts";

/**
 * The stack-level keys: which target, which domain, how to reach the cluster and what it is
 * made of. Every layer reads them; the layers' own keys come from the layer catalog.
 */

/** The switches every stack has, whatever layers the catalog holds. */
export type StackFeatures = {
  /** Give workloads an NVIDIA GPU (needs a target with a GPU path). */
  readonly gpu: boolean;
};

export function gpuSwitch(target: TargetFacts) {
  const { gpuPath, gpuAlwaysPresent } = target.capabilities;
  return z.boolean().default(gpuPath !== undefined && gpuAlwaysPresent);
}

/**
 * The stack-level keys in the order the stack file reference lists them; `features` is
 * composed by the caller, `os` is the host's, on which some defaults depend.
 */
export function stackSettingsShape<Features extends z.ZodType>(target: TargetFacts, features: Features, os: NodeJS.Platform) {
  return {
    target: z.enum(TARGET_NAMES),
    domain: z.string().refine(isDomain, {
      error: (issue) =>
        `expected a DNS domain of at least two lower-case labels (letters, digits, '-'), e.g. home.arpa; got ${show(issue.input)}`,
    }),
    kubernetes: strict({
      /** kubeconfig context of an existing cluster. */
      context: z.string().min(1).optional(),
      /** kubeconfig file; default: $KUBECONFIG or ~/.kube/config. */
      kubeconfig: z.string().min(1).optional(),
    }).prefault({}),
    sizing: z.enum(["lean", "full"]).default(target.capabilities.sizing),
    features,
    loadBalancer: loadBalancerSchema(target.defaults, os),
    /** bare-metal: the layout of the cluster this stack builds, or `{ stack }` of the stack that builds it. */
    cluster: clusterSchema.optional(),
    proxmox: proxmoxSchema.optional(),
    storage: strict({
      /** bare-metal: replicated block storage (linstor) or node-local disks (local-path). */
      rwo: z.enum(["linstor", "local-path"]).optional(),
      /** An existing NFS export for ReadWriteMany volumes (bare-metal). */
      nfs: strict({ server: z.string().min(1), path: z.string().startsWith("/") }).optional(),
      /**
       * bare-metal with linstor: the Piraeus operator's release manifest, for a mirror or a
       * release whose asset URL differs from the pinned one's.
       */
      piraeusManifest: z.string().url().startsWith("https://", "expected an https:// URL").optional(),
    }).prefault({}),
  };
}

type StackShape = ReturnType<typeof stackSettingsShape<z.ZodType<StackFeatures>>>;

/** The stack-level keys as parsed, before the defaults that depend on several keys. */
export type ParsedStackSettings = { readonly [Key in keyof StackShape]: z.output<StackShape[Key]> };

/** The stack-level keys the program runs with: every default applied. */
export interface StackSettings extends Omit<ParsedStackSettings, "kubernetes" | "loadBalancer"> {
  readonly kubernetes: { readonly context?: string; readonly kubeconfig?: string };
  readonly loadBalancer: LoadBalancerConfig & { readonly ingressAddress: string };
}
