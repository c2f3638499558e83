import { metalFactsSchema, type MetalFacts } from "../../stacks/metal-facts";
import { fail, pass, warn, type CheckResult } from "../check";
import type { PulumiOutputs } from "../pulumi-outputs";

const CHECK = "metal stack outputs";

export interface MetalOutputs {
  /** The stack that builds the cluster. */
  readonly stack: string;
  readonly result: CheckResult;
  readonly facts?: MetalFacts;
  /** The admin kubeconfig, when pulumi could show the secret. */
  readonly kubeconfig?: string;
}

/** The outputs the platform stack reads from the stack that builds its cluster. */
export function metalOutputsCheck(stack: string, outputs: PulumiOutputs): MetalOutputs {
  const deploy = `\`pulumi up -s ${stack}\` first`;
  if (outputs.kind === "no-pulumi") {
    return { stack, result: warn(CHECK, `pulumi is not on PATH: stack ${stack}'s outputs are not checked`, "install the Pulumi CLI") };
  }
  if (outputs.kind === "failed") {
    return { stack, result: fail(CHECK, `\`pulumi stack output -s ${stack}\` failed: ${outputs.message}`, `create and deploy it with ${deploy}, or set PULUMI_CONFIG_PASSPHRASE`) };
  }
  const facts = metalFactsSchema.safeParse(outputs.values);
  const kubeconfig = outputs.values.kubeconfig;
  if (!facts.success || typeof kubeconfig !== "string") {
    const missing = [...Object.keys(metalFactsSchema.shape), "kubeconfig"].filter((name) => outputs.values[name] === undefined);
    const what = missing.length > 0 ? `has no output ${missing.join(", ")}` : "does not have the outputs of a stack that builds the cluster";
    return { stack, result: fail(CHECK, `stack ${stack} ${what}`, `deploy it with ${deploy}`) };
  }
  const { apiServer, nodes } = facts.data;
  return { stack, result: pass(CHECK, `stack ${stack}: API ${apiServer}, ${nodes.length} nodes`), facts: facts.data, kubeconfig };
}
