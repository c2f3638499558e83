/**
 * MetalLB's IPAddressPool (`metallb.io/v1beta1`) as JSON Schema: no model package exists for
 * MetalLB's CRDs, so this states the fields of the CRD the pinned chart (0.16.1) ships.
 * Unknown fields are errors here, where the API server would prune them silently.
 */

import { customResource, labelSelector, strictObject, stringList } from "./custom-resource";

export const IP_ADDRESS_POOL_SCHEMA = customResource(
  "metallb.io/v1beta1",
  "IPAddressPool",
  strictObject(
    {
      // Ranges or CIDRs; MetalLB's webhook parses them.
      addresses: { ...stringList, minItems: 1 },
      autoAssign: { type: "boolean" },
      avoidBuggyIPs: { type: "boolean" },
      serviceAllocation: strictObject({
        priority: { type: "integer" },
        namespaces: stringList,
        namespaceSelectors: { type: "array", items: labelSelector },
        serviceSelectors: { type: "array", items: labelSelector },
      }),
    },
    ["addresses"],
  ),
);
