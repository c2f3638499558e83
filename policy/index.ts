import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

// Constructing the pack starts the analyzer server: this file is only for the engine
// (`pulumi preview --policy-pack policy`); tests use POLICIES.
new PolicyPack("homelab", {
  policies: POLICIES.map((policy) => ({
    name: policy.name,
    description: policy.description,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      for (const message of policy.check({ type: args.type, name: args.name, props: args.props })) reportViolation(message);
    },
  })),
});
