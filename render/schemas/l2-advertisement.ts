/**
 * MetalLB's L2Advertisement (`metallb.io/v1beta1`) as JSON Schema: no model package exists
 * for MetalLB's CRDs, so this states the fields of the CRD the pinned chart (0.16.1) ships.
 * Unknown fields are errors here, where the API server would prune them silently.
 */

import { customResource, labelSelector, strictObject, stringList } from "./custom-resource";

const selectors = { type: "array", items: labelSelector } as const;

export const L2_ADVERTISEMENT_SCHEMA = customResource(
  "metallb.io/v1beta1",
  "L2Advertisement",
  strictObject({
    ipAddressPools: stringList,
    ipAddressPoolSelectors: selectors,
    nodeSelectors: selectors,
    serviceSelectors: selectors,
    interfaces: stringList,
  }),
);
