import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { DesiredConfig } from "../../services/vault-unsealer/src/platform-config.ts" with { "resolution-mode": "import" };
import type { VaultDesiredConfig } from "./vault-config";

/** Whether two types are the same both ways; a compile error below means the two sides drifted apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The Job's input is the component's declaration with every Pulumi output resolved; the
// service parses it as its `DesiredConfig`. Checked by `npm run typecheck`.
const resolvedIsWhatTheServiceReads: Same<pulumi.Unwrap<VaultDesiredConfig>, DesiredConfig> = true;

describe("the Vault configuration Job's input", () => {
  it("has the shape the vault-unsealer service reads (a type check; see `npm run typecheck`)", () => {
    expect(resolvedIsWhatTheServiceReads).toBe(true);
  });
});
