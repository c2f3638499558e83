/**
 * Marks an object created with `retainOnDelete`. Policies cannot see resource options, so
 * the policy pack (policy/rules/kept-data.ts) reads this mark on claims and databases.
 */
export const KEPT_ON_DESTROY = { "homelab/kept-on-destroy": "true" } as const;
