import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { contentName } from "../lib/content-name";
import { exposeService } from "../lib/expose-service";
import { keptVolumeClaim } from "../lib/kept-volume-claim";
import { resources } from "../lib/sizing";
import type { ObjectStorageServerArgs, ObjectStorageServer } from "./object-storage-server";
import { RELOAD_ON_CHANGE } from "./reloader";
import type { S3Credentials } from "./s3-credentials";

/** SeaweedFS release; the bucket Job runs the same image as the server. */
export const SEAWEEDFS_IMAGE = "chrislusf/seaweedfs:4.44";
const SERVICE = "seaweedfs-all-in-one";
const CONFIG_SECRET = "seaweedfs-s3-config";
const DATA_CLAIM = "seaweedfs-data";
const S3_PORT = 8333;

export interface Identity {
  readonly name: string;
  readonly credentials: S3Credentials;
  readonly actions: readonly string[];
}

/** One identity per bucket, allowed only on that bucket, and an admin for everything. */
export function identities(admin: S3Credentials, buckets: Readonly<Record<string, S3Credentials>>): Identity[] {
  return [
    { name: "admin", credentials: admin, actions: ["Admin", "Read", "List", "Tagging", "Write"] },
    ...Object.entries(buckets).map(([bucket, credentials]) => ({
      name: bucket,
      credentials,
      actions: ["Read", "Write", "List", "Tagging"].map((action) => `${action}:${bucket}`),
    })),
  ];
}

/** The S3 configuration file SeaweedFS reads at start (`-s3.config`). */
export function s3ConfigJson(list: readonly Identity[]): pulumi.Output<string> {
  return pulumi
    .all(list.map((i) => pulumi.all([i.credentials.accessKey, i.credentials.secretKey])))
    .apply((keys) =>
      JSON.stringify({
        identities: list.map((identity, n) => ({
          name: identity.name,
          credentials: [{ accessKey: keys[n]![0], secretKey: keys[n]![1] }],
          actions: identity.actions,
        })),
      }),
    );
}

/**
 * Creates missing buckets, each owned by its own identity. A plain Job: the chart's own
 * bucket hook never runs under `helm.v4.Chart`.
 */
export function bucketScript(buckets: readonly string[]): string {
  const shell = `weed shell -master=${SERVICE}:9333 -filer=${SERVICE}:8888`;
  return [
    "set -eu",
    `existing=$(echo s3.bucket.list | ${shell} | awk '{print $1}')`,
    `for bucket in ${buckets.join(" ")}; do`,
    '  if echo "$existing" | grep -qx "$bucket"; then echo "bucket $bucket exists"; continue; fi',
    `  echo "s3.bucket.create -name $bucket -owner $bucket" | ${shell}`,
    '  echo "bucket $bucket created"',
    "done",
  ].join("\n");
}

/** Chart values: everything in one pod (master, volume, filer, S3) on one volume. */
export function seaweedfsValues(args: Pick<ObjectStorageServerArgs, "sizing">) {
  return {
    master: { enabled: false, config: "[master.volume_growth]\ncopy_1 = 1\n" },
    volume: { enabled: false },
    filer: { enabled: false },
    allInOne: {
      enabled: true,
      // The S3 config is read only at start: a changed secret must roll the pod.
      annotations: { ...RELOAD_ON_CHANGE },
      s3: { enabled: true, enableAuth: true, existingConfigSecret: CONFIG_SECRET },
      // The claim is the platform's, kept on destroy; a chart-made one would go with the chart.
      data: { type: "existingClaim", claimName: DATA_CLAIM },
      resources: resources(args.sizing, "large"),
    },
  };
}

/**
 * SeaweedFS, the default S3 server: maintained, Apache-licensed, and small enough for a
 * laptop (one pod). MinIO's community edition ships source only since 2025.
 */
export class Seaweedfs extends pulumi.ComponentResource implements ObjectStorageServer {
  readonly endpoint: string;

  constructor(name: string, args: ObjectStorageServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:Seaweedfs", name, {}, opts);
    const namespace = args.namespace;
    this.endpoint = `http://${SERVICE}.${namespace}.svc:${S3_PORT}`;
    const config = args.credentials.request({
      resourceName: `${name}-s3-config`,
      secretName: CONFIG_SECRET,
      namespace,
      data: { seaweedfs_s3_config: s3ConfigJson(identities(args.admin, args.buckets)) },
      parent: this,
      dependsOn: args.dependsOn,
    });
    const data = keptVolumeClaim(
      `${name}-data`,
      { claimName: DATA_CLAIM, namespace, storageClass: args.storageClass, size: args.size },
      { parent: this, dependsOn: [...args.dependsOn] },
    );
    const chart = installChart(
      name,
      SYSTEM_CHARTS.seaweedfs,
      { namespace, values: seaweedfsValues(args) },
      { parent: this, dependsOn: [...args.dependsOn, config, data] },
    );
    const bucketNames = Object.keys(args.buckets);
    // A changed bucket list is a new Job, so the work runs again.
    new k8s.batch.v1.Job(
      `${name}-buckets`,
      {
        metadata: { name: contentName("seaweedfs-buckets", bucketNames.join(",")), namespace },
        spec: {
          backoffLimit: 4,
          template: {
            spec: {
              restartPolicy: "OnFailure",
              containers: [
                {
                  name: "buckets",
                  image: SEAWEEDFS_IMAGE,
                  command: ["/bin/sh", "-c", bucketScript(bucketNames)],
                  resources: resources(args.sizing, "tiny"),
                },
              ],
            },
          },
        },
      },
      { parent: this, dependsOn: [chart] },
    );
    exposeService(args.exposure, { name: "s3", namespace, service: SERVICE, port: S3_PORT }, { parent: this, dependsOn: args.dependsOn });
    this.registerOutputs({ endpoint: this.endpoint });
  }
}
