/** Building blocks of the schemas of custom resources without a model package. */

/** An object taking only the fields named, so a misspelt one is an error. */
export const strictObject = (properties: Record<string, object>, required: readonly string[] = []) =>
  ({ type: "object", additionalProperties: false, required, properties }) as const;

export const stringMap = { type: "object", additionalProperties: { type: "string" } } as const;

export const stringList = { type: "array", items: { type: "string" } } as const;

/** A core label selector. */
export const labelSelector = strictObject({
  matchLabels: stringMap,
  matchExpressions: {
    type: "array",
    items: strictObject({ key: { type: "string" }, operator: { type: "string" }, values: stringList }, ["key", "operator"]),
  },
});

/** The shape of a custom resource of one apiVersion and kind, around its spec. */
export function customResource(apiVersion: string, kind: string, spec: object) {
  return {
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, metadata: { type: "object" }, spec },
  } as const;
}
