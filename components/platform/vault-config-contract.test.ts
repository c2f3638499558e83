import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { DesiredConfig } from "../../services/vault-unsealer/src/platform-config.ts" with { "resolution-mode": "import" };
import type { VaultDesiredConfig } from "./vault-config";

/**
 * Whether two types are identical, optional fields included (assignability both ways would
 * let a new optional field on one side pass); a compile error below means they drifted apart.
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// The Job's input is the component's declaration with every Pulumi output resolved; the
// service parses it as its `DesiredConfig`. Checked by `npm run typecheck`.
const resolvedIsWhatTheServiceReads: Same<pulumi.Unwrap<VaultDesiredConfig>, DesiredConfig> = true;

describe("the Vault configuration Job's input", () => {
  it("has the shape the vault-unsealer service reads (a type check; see `npm run typecheck`)", () => {
    expect(resolvedIsWhatTheServiceReads).toBe(true);
  });
});
