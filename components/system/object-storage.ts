import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import type { CredentialSink } from "../lib/credentials";
import type { Exposure } from "../lib/exposure";
import { type NamespaceLabel, type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { Minio } from "./minio";
import type { ObjectStorageServer } from "./object-storage-server";
import { generateS3Credentials, type S3Credentials } from "./s3-credentials";
import { Seaweedfs } from "./seaweedfs";

export type ObjectStorageServerKind = "seaweedfs" | "minio";

export interface ObjectStorageArgs {
  /** @default "seaweedfs" */
  readonly server?: ObjectStorageServerKind;
  readonly buckets: readonly string[];
  /** Volume for all buckets, e.g. `20Gi`. */
  readonly size: string;
  /** RWO StorageClass of that volume. */
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  readonly exposure: Exposure;
  /** Where the server's Secrets are asked for. */
  readonly credentials: CredentialSink;
}

export const OBJECT_STORAGE_NAMESPACE = "object-storage";

/**
 * The label a namespace carries (`platformNamespace`'s `optIns`) for its pods to reach the
 * S3 API inside the cluster; every other namespace is refused.
 */
export const S3_CLIENT_LABEL: NamespaceLabel = { key: "homelab/s3-client", value: "true" };

/** Ports the server's pods listen on, for the Gateway and in-namespace Jobs. */
const SERVER_PORTS: Readonly<Record<ObjectStorageServerKind, readonly number[]>> = {
  seaweedfs: [8333],
  minio: [9000],
};

function allows(server: ObjectStorageServerKind): NetworkAllow[] {
  return [
    { kind: "from-gateway", ports: SERVER_PORTS[server] },
    { kind: "from-labelled-namespaces", label: S3_CLIENT_LABEL, ports: SERVER_PORTS[server] },
    // Bucket and user Jobs talk to the server; SeaweedFS's parts talk to each other.
    { kind: "within-namespace" },
    { kind: "api-server" },
    ...(server === "minio" ? [{ kind: "from-namespace", namespace: "minio-operator", ports: [9000] } as const] : []),
  ];
}

/**
 * S3 for backups, models and CI caches: one bucket per use, each with its own generated
 * credentials that reach that bucket only.
 */
export class ObjectStorage extends pulumi.ComponentResource {
  /** The S3 API through the shared Gateway, `https://s3.<domain>`: for the LAN, and pods that resolve the name and trust the platform CA. */
  readonly endpoint: string;
  /** The S3 API inside the cluster (plain HTTP): reachable only from namespaces labelled `S3_CLIENT_LABEL`. */
  readonly inClusterEndpoint: string;
  /** Bucket name → credentials for it alone. */
  readonly buckets: Readonly<Record<string, S3Credentials>>;
  /** Credentials allowed everything (creating buckets, for one). */
  readonly admin: S3Credentials;
  /** Which server runs: what it serves to Prometheus differs. */
  readonly server: ObjectStorageServerKind;

  constructor(name: string, args: ObjectStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:ObjectStorage", name, {}, opts);
    const server = args.server ?? "seaweedfs";
    this.server = server;
    const { namespace } = platformNamespace(
      OBJECT_STORAGE_NAMESPACE,
      server === "seaweedfs"
        ? { podSecurity: { level: "baseline", reason: "the SeaweedFS image runs as root and its chart sets no security context" }, allow: allows(server), holdsData: true }
        : { podSecurity: { level: "restricted" }, allow: allows(server), holdsData: true },
      { parent: this },
    );
    this.admin = generateS3Credentials(`${name}-admin`, this);
    this.buckets = Object.fromEntries(args.buckets.map((bucket) => [bucket, generateS3Credentials(`${name}-${bucket}`, this)]));
    const serverArgs = { ...args, namespace: OBJECT_STORAGE_NAMESPACE, admin: this.admin, buckets: this.buckets, dependsOn: [namespace] };
    const child = { parent: this };
    const implementation: ObjectStorageServer = server === "seaweedfs" ? new Seaweedfs(server, serverArgs, child) : new Minio(server, serverArgs, child);
    this.endpoint = `https://s3.${args.exposure.domain}`;
    this.inClusterEndpoint = implementation.endpoint;
    this.registerOutputs({ endpoint: this.endpoint, inClusterEndpoint: this.inClusterEndpoint, buckets: this.buckets, admin: this.admin, server });
  }
}
