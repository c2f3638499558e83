import { createHash } from "node:crypto";

/**
 * `<prefix>-<hash of the inputs>`: a Job named after what it does runs again exactly when
 * that changes, because a new name is a new Job to Pulumi.
 */
export function contentName(prefix: string, ...inputs: readonly string[]): string {
  const hash = createHash("sha256");
  for (const input of inputs) hash.update(input).update("\0");
  return `${prefix}-${hash.digest("hex").slice(0, 10)}`;
}
