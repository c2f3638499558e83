import { describe, expect, it, vi } from "vitest";
import type { PolicyPackArgs, ResourceValidationPolicy } from "@pulumi/policy";
import "./index";
import { POLICIES } from "./policies";

const constructed = vi.hoisted(() => [] as { name: string; args: PolicyPackArgs }[]);

// The real PolicyPack starts the analyzer server; this one records what the pack is given
// (vi.mock is hoisted above the imports).
vi.mock("@pulumi/policy", () => ({
  PolicyPack: class {
    constructor(name: string, args: PolicyPackArgs) {
      constructed.push({ name, args });
    }
  },
}));

describe("the policy pack", () => {
  it("hands the engine every policy, mandatory, reporting each of the rule's messages", () => {
    expect(constructed).toHaveLength(1);
    const { name, args } = constructed[0]!;
    expect(name).toBe("homelab");
    const policies = args.policies as ResourceValidationPolicy[];
    expect(policies.map((p) => [p.name, p.enforcementLevel])).toEqual(POLICIES.map((p) => [p.name, "mandatory"]));

    const namespace = { type: "kubernetes:core/v1:Namespace", name: "apps-namespace", props: { apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } } };
    const reported: string[] = [];
    const podSecurity = policies.find((p) => p.name === "namespaces-pod-security")!;
    const validate = podSecurity.validateResource as (args: unknown, report: (message: string) => void) => void;
    validate({ ...namespace, urn: "urn", opts: {} }, (message) => reported.push(message));
    expect(reported).toEqual(POLICIES.find((p) => p.name === "namespaces-pod-security")!.check(namespace));
    expect(reported).toHaveLength(1);
  });
});
