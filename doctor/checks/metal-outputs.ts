import { crossStackProblems, metalFactsSchema, type MetalFacts } from "../../stacks/metal-facts";
import type { StackSettings } from "../../stacks/stack-settings";
import { fail, pass, warn, type CheckResult } from "../check";
import type { PulumiOutputs } from "../pulumi-outputs";

const CHECK = "metal stack outputs";

export interface MetalOutputs {
  /** The stack that builds the cluster. */
  readonly stack: string;
  /** One line, or one per problem that `pulumi up` would stop at. */
  readonly results: readonly CheckResult[];
  readonly facts?: MetalFacts;
  /** The admin kubeconfig, when pulumi could show the secret. */
  readonly kubeconfig?: string;
}

type Settings = Pick<StackSettings, "loadBalancer" | "features" | "storage">;

/**
 * The outputs the platform stack reads from the stack that builds its cluster, and the
 * checks `pulumi up` makes against them (pools in the nodes' network and clear of the VIP
 * and the nodes, a GPU node, enough nodes for LINSTOR).
 */
export function metalOutputsCheck(stack: string, outputs: PulumiOutputs, settings: Settings): MetalOutputs {
  const deploy = `\`pulumi up -s ${stack}\` first`;
  if (outputs.kind === "no-pulumi") {
    return { stack, results: [warn(CHECK, `pulumi is not on PATH: stack ${stack}'s outputs are not checked`, "install the Pulumi CLI")] };
  }
  if (outputs.kind === "failed") {
    return { stack, results: [fail(CHECK, `\`pulumi stack output -s ${stack}\` failed: ${outputs.message}`, `create and deploy it with ${deploy}, or set PULUMI_CONFIG_PASSPHRASE`)] };
  }
  const facts = metalFactsSchema.safeParse(outputs.values);
  const kubeconfig = outputs.values.kubeconfig;
  if (!facts.success || typeof kubeconfig !== "string") {
    const missing = [...Object.keys(metalFactsSchema.shape), "kubeconfig"].filter((name) => outputs.values[name] === undefined);
    const what = missing.length > 0 ? `has no output ${missing.join(", ")}` : "does not have the outputs of a stack that builds the cluster";
    return { stack, results: [fail(CHECK, `stack ${stack} ${what}`, `deploy it with ${deploy}`)] };
  }
  const { apiServer, nodes } = facts.data;
  const problems = crossStackProblems(settings, facts.data, stack);
  const results =
    problems.length > 0
      ? problems.map((problem) => fail(CHECK, problem, `change this stack's key, or the cluster in stack ${stack}`))
      : [pass(CHECK, `stack ${stack}: API ${apiServer}, ${nodes.length} nodes, pools inside ${facts.data.nodeNetwork}`)];
  return { stack, results, facts: facts.data, kubeconfig };
}
