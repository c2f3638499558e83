/**
 * K8up's Schedule (`k8up.io/v1`) as JSON Schema: no model package exists for K8up's CRDs,
 * so this states the fields of the CRD the pinned chart (4.9.0) ships. Unknown fields are
 * errors here, where the API server would prune them silently. Core shapes inside it (pod
 * security context, resources, volumes) and backends our program does not use stay open:
 * the API server checks them against the CRD.
 */

import { customResource, strictObject, stringList } from "./custom-resource";

const secretKeyRef = strictObject({ name: { type: "string" }, key: { type: "string" }, optional: { type: "boolean" } }, ["key"]);

const backend = strictObject({
  repoPasswordSecretRef: secretKeyRef,
  s3: strictObject({
    endpoint: { type: "string" },
    bucket: { type: "string" },
    accessKeyIDSecretRef: secretKeyRef,
    secretAccessKeySecretRef: secretKeyRef,
  }),
  azure: { type: "object" },
  b2: { type: "object" },
  gcs: { type: "object" },
  local: { type: "object" },
  rest: { type: "object" },
  swift: { type: "object" },
  envFrom: { type: "array" },
  tlsOptions: { type: "object" },
  volumeMounts: { type: "array" },
});

/** Fields every scheduled job (backup, check, prune, …) has. */
const jobFields = {
  schedule: { type: "string", minLength: 1 },
  backend,
  activeDeadlineSeconds: { type: "integer" },
  concurrentRunsAllowed: { type: "boolean" },
  failedJobsHistoryLimit: { type: "integer" },
  successfulJobsHistoryLimit: { type: "integer" },
  keepJobs: { type: "integer" },
  podConfigRef: { type: "object" },
  podSecurityContext: { type: "object" },
  resources: { type: "object" },
  volumes: { type: "array" },
} as const;

const retention = strictObject({
  keepLast: { type: "integer" },
  keepHourly: { type: "integer" },
  keepDaily: { type: "integer" },
  keepWeekly: { type: "integer" },
  keepMonthly: { type: "integer" },
  keepYearly: { type: "integer" },
  keepTags: stringList,
  tags: stringList,
  hostnames: stringList,
});

export const SCHEDULE_SCHEMA = customResource(
  "k8up.io/v1",
  "Schedule",
  strictObject({
    backend,
    backup: strictObject({
      ...jobFields,
      clusterName: { type: "string" },
      labelSelectors: { type: "array" },
      promURL: { type: "string" },
      statsURL: { type: "string" },
      tags: stringList,
    }),
    check: strictObject({ ...jobFields, clusterName: { type: "string" }, promURL: { type: "string" } }),
    prune: strictObject({ ...jobFields, retention }),
    archive: { type: "object" },
    restore: { type: "object" },
    failedJobsHistoryLimit: { type: "integer" },
    successfulJobsHistoryLimit: { type: "integer" },
    keepJobs: { type: "integer" },
    podConfigRef: { type: "object" },
    podSecurityContext: { type: "object" },
    resourceRequirementsTemplate: { type: "object" },
  }),
);
