/**
 * Kibana (`kibana.k8s.elastic.co/v1`) as JSON Schema: no model package exists for ECK's
 * CRDs, so this states the fields of the CRD the pinned operator (3.5.0) ships. Unknown
 * fields are errors here, where the API server would prune them silently.
 */

import { customResource } from "./custom-resource";
import { commonSpecProperties, resources } from "./eck";

const associationRef = (extra: Record<string, object>) => ({
  type: "object",
  additionalProperties: false,
  properties: { name: { type: "string" }, namespace: { type: "string" }, serviceName: { type: "string" }, ...extra },
});

export const KIBANA_SCHEMA = customResource("kibana.k8s.elastic.co/v1", "Kibana", {
  type: "object",
  additionalProperties: false,
  required: ["version"],
  properties: {
    ...commonSpecProperties,
    count: { type: "integer", minimum: 0 },
    resources,
    elasticsearchRef: associationRef({ secretName: { type: "string" }, clientCertificateSecretName: { type: "string" } }),
    enterpriseSearchRef: associationRef({ secretName: { type: "string" } }),
    packageRegistryRef: associationRef({}),
  },
});
