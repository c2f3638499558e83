import { randomBytes } from "node:crypto";

/** An API key made for this test run: `sk-<name>-` and 24 random hex digits, so none is written down in the repository. */
export function testKey(name: string): string {
  return `sk-${name}-${randomBytes(12).toString("hex")}`;
}
