/**
 * Elasticsearch (`elasticsearch.k8s.elastic.co/v1`) as JSON Schema: no model package exists
 * for ECK's CRDs, so this states the fields of the CRD the pinned operator (3.5.0) ships.
 * Unknown fields are errors here, where the API server would prune them silently.
 */

import { customResource } from "./custom-resource";
import { commonSpecProperties, resources, secretRef } from "./eck";

const nodeSet = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: {
    name: { type: "string", pattern: "^[a-zA-Z0-9-]+$", maxLength: 23 },
    count: { type: "integer", minimum: 0 },
    // Elasticsearch's own settings file, free-form in the CRD too.
    config: { type: "object" },
    // A core pod template, free-form in the CRD (ECK strips its schema to keep the CRD small).
    podTemplate: { type: "object" },
    resources,
    volumeClaimTemplates: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        properties: {
          apiVersion: { type: "string" },
          kind: { type: "string" },
          metadata: { type: "object" },
          // A core PersistentVolumeClaim spec.
          spec: { type: "object" },
        },
      },
    },
    zoneAwareness: {
      type: "object",
      additionalProperties: false,
      properties: { topologyKey: { type: "string" }, zones: { type: "array", items: { type: "string" } } },
    },
  },
} as const;

export const ELASTICSEARCH_SCHEMA = customResource("elasticsearch.k8s.elastic.co/v1", "Elasticsearch", {
  type: "object",
  additionalProperties: false,
  required: ["version", "nodeSets"],
  properties: {
    ...commonSpecProperties,
    auth: {
      type: "object",
      additionalProperties: false,
      properties: {
        disableElasticUser: { type: "boolean" },
        fileRealm: { type: "array", items: secretRef },
        roles: { type: "array", items: secretRef },
      },
    },
    nodeSets: { type: "array", minItems: 1, items: nodeSet },
    volumeClaimDeletePolicy: { enum: ["DeleteOnScaledownOnly", "DeleteOnScaledownAndClusterDeletion"] },
    // Fields our program does not write; the API server checks them against the CRD.
    podDisruptionBudget: { type: "object" },
    remoteClusterServer: { type: "object" },
    remoteClusters: { type: "array" },
    transport: { type: "object" },
    updateStrategy: { type: "object" },
  },
});
