import { z } from "zod";
import { strict } from "./config-fields";
import { show } from "./config-problems";

/** The secret key of the S3 copy of etcd snapshots (a builder key). */
export const ETCD_S3_SECRET_KEY = "etcdS3SecretKey";

const CRON = /^\S+( \S+){4}$/;

/** `host[:port]`: k3s takes the S3 endpoint without a scheme. */
const ENDPOINT = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i;

/** A bucket name as S3 allows it. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const s3 = strict({
  /** The S3 API as `host[:port]`, outside the cluster (a NAS, a MinIO beside Proxmox). */
  endpoint: z.string().regex(ENDPOINT, { error: (i) => `expected host[:port] without a scheme, such as nas.lan:9000; got ${show(i.input)}` }),
  bucket: z.string().regex(BUCKET, { error: (i) => `expected an S3 bucket name (lower-case letters, digits, '.', '-'); got ${show(i.input)}` }),
  /** Folder in the bucket, so one bucket can hold several clusters. */
  folder: z.string().regex(/^[a-z0-9][a-z0-9._/-]*$/, { error: (i) => `expected a folder such as homelab/etcd; got ${show(i.input)}` }).default("etcd-snapshots"),
  region: z.string().min(1).default("us-east-1"),
  /** Plain HTTP to the endpoint (a LAN MinIO without a certificate). */
  insecure: z.boolean().default(false),
  /** Access key id of a key pair allowed only this bucket; its secret is `etcdS3SecretKey`. */
  accessKey: z.string().min(1),
});

export const etcdSnapshotsSchema = strict({
  /** When every server takes a snapshot: five-field cron. */
  schedule: z.string().regex(CRON, { error: (i) => `expected a cron expression of five fields, such as "0 */6 * * *"; got ${show(i.input)}` }).default("0 */6 * * *"),
  /** Snapshots kept per server, and in S3. */
  retention: z.number().int().min(1).max(500).default(28),
  /** A copy of each snapshot in S3. @default none: on the servers' disks only */
  s3: s3.optional(),
}).prefault({});
