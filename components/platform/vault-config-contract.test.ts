import type * as pulumi from "@pulumi/pulumi";
import { describe, expectTypeOf, it } from "vitest";
import type { DesiredConfig } from "../../services/vault-unsealer/src/platform-config.ts" with { "resolution-mode": "import" };
import type { VaultDesiredConfig } from "./vault-config";

// The Job's input is the component's declaration with every Pulumi output resolved; the
// service parses it as its `DesiredConfig`. A type check: `npm run typecheck` fails when the
// two drift apart, a new optional field on either side included.
describe("the Vault configuration Job's input", () => {
  it("has exactly the shape the vault-unsealer service reads", () => {
    expectTypeOf<pulumi.Unwrap<VaultDesiredConfig>>().toEqualTypeOf<DesiredConfig>();
  });
});
