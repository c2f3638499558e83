import { execFile } from "node:child_process";

/** What `pulumi stack output` gave: the outputs, or why not. */
export type PulumiOutputs =
  | { readonly kind: "outputs"; readonly values: Readonly<Record<string, unknown>> }
  | { readonly kind: "no-pulumi" }
  | { readonly kind: "failed"; readonly message: string };

export type ReadStackOutputs = (stack: string) => Promise<PulumiOutputs>;

/**
 * A stack's outputs through the Pulumi CLI, secrets shown: the metal stack's kubeconfig is
 * one, and the doctor connects with it. The CLI asks for the passphrase as `pulumi up` does.
 *
 * @param command the Pulumi CLI; a test gives a stand-in
 */
export const readStackOutputs = (stack: string, command = "pulumi"): Promise<PulumiOutputs> =>
  new Promise((resolve) => {
    execFile(command, ["stack", "output", "--json", "--show-secrets", "-s", stack], { maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === "ENOENT") return resolve({ kind: "no-pulumi" });
      if (error) return resolve({ kind: "failed", message: (stderr.trim() || error.message).split("\n").slice(-1)[0]! });
      try {
        resolve({ kind: "outputs", values: JSON.parse(stdout) as Record<string, unknown> });
      } catch {
        resolve({ kind: "failed", message: "its answer is not JSON" });
      }
    });
  });
