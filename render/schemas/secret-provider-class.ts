import { stringMap } from "./custom-resource";

/**
 * SecretProviderClass (`secrets-store.csi.x-k8s.io/v1`) as JSON Schema: no model package
 * exists for the Secrets Store CSI driver's CRDs, so this states the fields of the v1 CRD the
 * pinned chart (1.6.0) ships. Stricter than the API server on one point, on purpose: the CRD
 * lets unknown fields through to be pruned silently, here they are errors, so a misspelt
 * field fails the render instead of vanishing.
 */
export const SECRET_PROVIDER_CLASS_SCHEMA = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "secrets-store.csi.x-k8s.io/v1" },
    kind: { const: "SecretProviderClass" },
    metadata: { type: "object" },
    spec: {
      type: "object",
      additionalProperties: false,
      // The driver cannot pick a provider without it.
      required: ["provider"],
      properties: {
        provider: { type: "string", minLength: 1 },
        parameters: stringMap,
        secretObjects: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["secretName", "type", "data"],
            properties: {
              secretName: { type: "string", minLength: 1 },
              type: { type: "string" },
              labels: stringMap,
              annotations: stringMap,
              data: {
                type: "array",
                items: {
                  type: "object",
                  additionalProperties: false,
                  required: ["objectName", "key"],
                  properties: { objectName: { type: "string" }, key: { type: "string" } },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
