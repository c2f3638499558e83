/**
 * The Barman Cloud plugin's ObjectStore (`barmancloud.cnpg.io/v1`) as JSON Schema: no model
 * package exists for the plugin's CRD, so this states the fields of the CRD its pinned chart
 * (0.7.0, plugin v0.13.0) ships. Unknown fields are errors here, where the API server would
 * prune them silently. Core shapes inside it (env, resources) and the Azure and Google
 * credentials our program does not use stay open: the API server checks them.
 */

import { customResource, stringList, stringMap, strictObject } from "./custom-resource";

const secretKeyRef = strictObject({ name: { type: "string" }, key: { type: "string" } }, ["name", "key"]);

const encryption = { enum: ["AES256", "aws:kms"] } as const;

const configuration = strictObject(
  {
    destinationPath: { type: "string", minLength: 1 },
    endpointURL: { type: "string" },
    endpointCA: secretKeyRef,
    serverName: { type: "string" },
    s3Credentials: strictObject({
      accessKeyId: secretKeyRef,
      secretAccessKey: secretKeyRef,
      region: secretKeyRef,
      sessionToken: secretKeyRef,
      inheritFromIAMRole: { type: "boolean" },
    }),
    azureCredentials: { type: "object" },
    googleCredentials: { type: "object" },
    wal: strictObject({
      compression: { enum: ["bzip2", "gzip", "lz4", "snappy", "xz", "zstd"] },
      encryption,
      maxParallel: { type: "integer", minimum: 1 },
      archiveAdditionalCommandArgs: stringList,
      restoreAdditionalCommandArgs: stringList,
    }),
    data: strictObject({
      compression: { enum: ["bzip2", "gzip", "lz4", "snappy"] },
      encryption,
      immediateCheckpoint: { type: "boolean" },
      jobs: { type: "integer", minimum: 1 },
      additionalCommandArgs: stringList,
      restoreAdditionalCommandArgs: stringList,
    }),
    tags: stringMap,
    historyTags: stringMap,
  },
  ["destinationPath"],
);

export const OBJECT_STORE_SCHEMA = customResource(
  "barmancloud.cnpg.io/v1",
  "ObjectStore",
  strictObject(
    {
      configuration,
      // Barman's form: a count of days, weeks or months.
      retentionPolicy: { type: "string", pattern: "^[1-9][0-9]*[dwm]$" },
      instanceSidecarConfiguration: strictObject({
        additionalContainerArgs: stringList,
        env: { type: "array" },
        logLevel: { enum: ["error", "warning", "info", "debug", "trace"] },
        resources: { type: "object" },
        retentionPolicyIntervalSeconds: { type: "integer" },
      }),
    },
    ["configuration"],
  ),
);
