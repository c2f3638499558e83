import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StorageClassChoice } from "../../components/lib/capabilities";
import { ConfigError } from "../config-problems";
import { isClusterLayout } from "../metal-config";
import { crossStackProblems, metalFactsSchema, type MetalFacts } from "../metal-facts";
import type { StackSettings } from "../stack-settings";
import type { TargetDefinition } from "./target";

/**
 * The platform on the HA k3s cluster that another stack of this project built on Proxmox
 * (`homelab:cluster: { stack: homelab-metal }`). That stack's outputs are read before
 * anything is created: its kubeconfig becomes the provider, its addresses are checked
 * against this stack's load-balancer pools.
 */
export const bareMetal: TargetDefinition = {
  name: "bare-metal",
  summary: "Proxmox VMs running an HA k3s cluster built by this program (full sizing)",
  // The GPU is there only when the metal stack passed one through to a node.
  capabilities: { gpuPath: "gpu-operator", gpuAlwaysPresent: false, sizing: "full", nodeJournal: true },
  defaults: {
    loadBalancer: "metallb",
  },
  connect: async (settings) => {
    const stack = clusterStack(settings);
    const reference = new pulumi.StackReference(stack, { name: stackReferenceName(stack) });
    const problems = crossStackProblems(settings, await readMetalFacts(reference, stack), stack);
    if (problems.length > 0) throw new ConfigError(problems);
    const kubeconfig = pulumi.secret(reference.getOutput("kubeconfig") as pulumi.Output<string>);
    return {
      name: "bare-metal",
      provider: new k8s.Provider("cluster", { kubeconfig }),
      kubeconfig,
      loadBalancer: settings.loadBalancer.kind,
      storage: {
        rwo: RWO_CLASSES[settings.storage.rwo ?? "local-path"],
        ...(settings.storage.nfs && { rwx: { className: "nfs-client", provisioner: "nfs" } }),
      },
      gpu: settings.features.gpu ? "gpu-operator" : "none",
      sizing: settings.sizing,
    };
  },
};

/** The metal layer turns k3s's own local-path off, so the system layer installs either. */
const RWO_CLASSES: Readonly<Record<"linstor" | "local-path", StorageClassChoice>> = {
  "local-path": { className: "local-path", provisioner: "local-path" },
  linstor: { className: "linstor", provisioner: "linstor" },
};

function clusterStack(settings: StackSettings): string {
  if (!settings.cluster || isClusterLayout(settings.cluster)) {
    throw new Error("bare-metal connect needs `homelab:cluster: { stack }`; the config check guarantees it");
  }
  return settings.cluster.stack;
}

/** A stack of this project, as both Pulumi Cloud and the local (DIY) backend name it. */
function stackReferenceName(stack: string): string {
  return `${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`;
}

/** The other stack's plain outputs, awaited, with errors that say what to do. */
async function readMetalFacts(reference: pulumi.StackReference, stack: string): Promise<MetalFacts> {
  const names = [...Object.keys(metalFactsSchema.shape), "kubeconfig"];
  let values: Record<string, unknown>;
  try {
    const details = await Promise.all(names.map((name) => reference.getOutputDetails(name)));
    values = Object.fromEntries(names.map((name, i) => [name, details[i]!.value ?? details[i]!.secretValue]));
  } catch (error) {
    throw new pulumi.RunError(
      `cannot read stack ${stack} (${stackReferenceName(stack)}): ${(error as Error).message}; ` +
        `it builds the cluster: create and deploy it first with \`pulumi up -s ${stack}\``,
    );
  }
  const missing = names.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new pulumi.RunError(
      `stack ${stack} has no output ${missing.join(", ")}: deploy it first with \`pulumi up -s ${stack}\`, then this stack`,
    );
  }
  const facts = metalFactsSchema.safeParse(values);
  if (!facts.success) {
    const details = facts.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new pulumi.RunError(`stack ${stack} does not have the outputs of a stack that builds the cluster (${details})`);
  }
  return facts.data;
}
