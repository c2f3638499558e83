import type * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import type { CredentialSink } from "../lib/credentials";
import type { Exposure } from "../lib/exposure";
import type { S3Credentials } from "./s3-credentials";

/** What every S3 server implementation is given. */
export interface ObjectStorageServerArgs {
  readonly namespace: string;
  /** Bucket name → the credentials allowed on it (and only on it). */
  readonly buckets: Readonly<Record<string, S3Credentials>>;
  /** Credentials allowed everything. */
  readonly admin: S3Credentials;
  /** Volume for all buckets, e.g. `20Gi`. */
  readonly size: string;
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  /** Publishes the S3 API at `https://s3.<domain>`. */
  readonly exposure: Exposure;
  /** Where the server's own Secrets (its S3 identities) are asked for. */
  readonly credentials: CredentialSink;
  /** The namespace, which every object waits for. */
  readonly dependsOn: readonly pulumi.Resource[];
}

export interface ObjectStorageServer extends pulumi.ComponentResource {
  /** The S3 API inside the cluster. */
  readonly endpoint: string;
}
