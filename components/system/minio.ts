import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { contentName } from "../lib/content-name";
import { exposeService } from "../lib/expose-service";
import { platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import type { ObjectStorageServer, ObjectStorageServerArgs } from "./object-storage-server";

/** The MinIO client that sets up per-bucket users; the operator only makes admin users. */
export const MC_IMAGE = "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z";
const TENANT = "object-storage";
const ROOT_SECRET = "object-storage-root";
const USERS_SECRET = "bucket-credentials";
/** The tenant's S3 Service without TLS. */
const SERVICE = "minio";
const S3_PORT = 80;

/** A policy allowing one bucket and nothing else. */
export function bucketPolicy(bucket: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [`arn:aws:s3:::${bucket}`] },
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: [`arn:aws:s3:::${bucket}/*`] },
    ],
  });
}

/** `ci-cache` → `CI_CACHE`: the bucket's part of its credentials' variable names. */
function envName(bucket: string): string {
  return bucket.toUpperCase().replace(/-/g, "_");
}

/** Shell for the users Job: one policy and one user per bucket; re-running changes nothing. */
export function usersScript(buckets: readonly string[]): string {
  const env = envName;
  return [
    "set -eu",
    `mc alias set local http://${SERVICE}.${TENANT}.svc:${S3_PORT} "$ROOT_USER" "$ROOT_PASSWORD"`,
    ...buckets.flatMap((bucket) => [
      `cat > /tmp/${bucket}.json <<'POLICY'\n${bucketPolicy(bucket)}\nPOLICY`,
      `mc admin policy create local bucket-${bucket} /tmp/${bucket}.json`,
      `mc admin user add local "$ACCESS_${env(bucket)}" "$SECRET_${env(bucket)}"`,
      `mc admin policy attach local bucket-${bucket} --user "$ACCESS_${env(bucket)}" || true`,
    ]),
  ].join("\n");
}

/** The MinIO operator and one single-server tenant, for people who already run MinIO. */
export class Minio extends pulumi.ComponentResource implements ObjectStorageServer {
  readonly endpoint: string;

  constructor(name: string, args: ObjectStorageServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:Minio", name, {}, opts);
    const namespace = args.namespace;
    this.endpoint = `http://${SERVICE}.${namespace}.svc:${S3_PORT}`;
    const { namespace: operatorNamespace } = platformNamespace(
      "minio-operator",
      { podSecurity: { level: "restricted" }, allow: [{ kind: "api-server" }, { kind: "to-namespace", namespace }] },
      { parent: this },
    );
    const operator = installChart(
      `${name}-operator`,
      SYSTEM_CHARTS.minioOperator,
      // One replica: the chart's two have a required anti-affinity that one node cannot meet.
      { namespace: "minio-operator", values: { operator: { replicaCount: 1, resources: resources(args.sizing, "small") } } },
      { parent: this, dependsOn: [operatorNamespace] },
    );
    const bucketNames = Object.keys(args.buckets);
    const root = args.credentials.request({
      resourceName: `${name}-root`,
      secretName: ROOT_SECRET,
      namespace,
      data: {
        "config.env": pulumi.interpolate`export MINIO_ROOT_USER="${args.admin.accessKey}"\nexport MINIO_ROOT_PASSWORD="${args.admin.secretKey}"\n`,
      },
      parent: this,
      dependsOn: args.dependsOn,
    });
    const tenant = installChart(
      name,
      SYSTEM_CHARTS.minioTenant,
      {
        namespace,
        values: {
          tenant: {
            name: TENANT,
            configSecret: { name: ROOT_SECRET, existingSecret: true },
            pools: [{ servers: 1, name: "pool-0", volumesPerServer: 1, size: args.size, storageClassName: args.storageClass, resources: resources(args.sizing, "large") }],
            certificate: { requestAutoCert: false },
            buckets: bucketNames.map((bucket) => ({ name: bucket })),
          },
        },
      },
      { parent: this, dependsOn: [...args.dependsOn, operator, root] },
    );
    const users = args.credentials.request({
      resourceName: `${name}-bucket-credentials`,
      secretName: USERS_SECRET,
      namespace,
      data: {
        ROOT_USER: args.admin.accessKey,
        ROOT_PASSWORD: args.admin.secretKey,
        ...Object.fromEntries(
          Object.entries(args.buckets).flatMap(([bucket, credentials]) => [
            [`ACCESS_${envName(bucket)}`, credentials.accessKey],
            [`SECRET_${envName(bucket)}`, credentials.secretKey],
          ]),
        ),
      },
      parent: this,
      dependsOn: args.dependsOn,
    });
    new k8s.batch.v1.Job(
      `${name}-bucket-users`,
      {
        metadata: { name: contentName("minio-bucket-users", bucketNames.join(",")), namespace },
        spec: {
          backoffLimit: 6,
          template: {
            spec: {
              restartPolicy: "OnFailure",
              securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "users",
                  image: MC_IMAGE,
                  command: ["/bin/sh", "-c", usersScript(bucketNames)],
                  env: [{ name: "HOME", value: "/tmp" }],
                  envFrom: [{ secretRef: { name: USERS_SECRET } }],
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                  resources: resources(args.sizing, "tiny"),
                },
              ],
            },
          },
        },
      },
      { parent: this, dependsOn: [tenant, users] },
    );
    exposeService(args.exposure, { name: "s3", namespace, service: SERVICE, port: S3_PORT }, { parent: this, dependsOn: args.dependsOn });
    this.registerOutputs({ endpoint: this.endpoint });
  }
}
