/**
 * Parts the ECK 3.5.0 CRDs (`elasticsearch.k8s.elastic.co/v1`, `kibana.k8s.elastic.co/v1`)
 * share, as JSON Schema for the schemas of their kinds.
 */

import { strictObject } from "./custom-resource";



/** Compute resources as a core container states them: quantities by resource name. */
const quantities = { type: "object", additionalProperties: { type: ["string", "number"] } } as const;
export const resources = strictObject({ limits: quantities, requests: quantities });

/** A reference to a Secret by name. */
export const secretRef = strictObject({ secretName: { type: "string" } });

/** The HTTP endpoint: its Service is a core Service template, checked by the API server. */
export const httpSpec = strictObject({
  service: { type: "object" },
  tls: strictObject({
    certificate: secretRef,
    client: strictObject({ authentication: { type: "boolean" } }),
    selfSignedCertificate: strictObject({
      disabled: { type: "boolean" },
      subjectAltNames: { type: "array", items: strictObject({ dns: { type: "string" }, ip: { type: "string" } }) },
    }),
  }),
});

const secureSetting = {
  type: "object",
  additionalProperties: false,
  required: ["secretName"],
  properties: {
    secretName: { type: "string" },
    entries: {
      type: "array",
      items: { type: "object", additionalProperties: false, required: ["key"], properties: { key: { type: "string" }, path: { type: "string" } } },
    },
  },
} as const;

const elasticsearchRefs = {
  type: "array",
  items: strictObject({ name: { type: "string" }, namespace: { type: "string" }, secretName: { type: "string" }, serviceName: { type: "string" } }),
} as const;

/** Fields both kinds have. `config` is the application's own settings file and `podTemplate` a core pod template: both free-form in the CRD too. */
export const commonSpecProperties = {
  version: { type: "string", minLength: 1 },
  image: { type: "string" },
  http: httpSpec,
  config: { type: "object" },
  podTemplate: { type: "object" },
  revisionHistoryLimit: { type: "integer" },
  secureSettings: { type: "array", items: secureSetting },
  serviceAccountName: { type: "string" },
  monitoring: strictObject({
    logs: strictObject({ elasticsearchRefs }),
    metrics: strictObject({ elasticsearchRefs }),
  }),
} as const;
