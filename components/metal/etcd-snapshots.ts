/**
 * Snapshots of the cluster state (embedded etcd), taken by k3s on every server. Local ones
 * always, in `/var/lib/rancher/k3s/server/db/snapshots`; with `s3`, each is also copied to
 * an S3 server outside the cluster (a NAS or a MinIO beside Proxmox). Not the platform's
 * in-cluster S3: a restore is needed exactly when the cluster, and the volumes that S3 keeps
 * its data on, are gone.
 */
export interface EtcdSnapshots {
  /** When snapshots are taken: five-field cron, as k3s reads it. */
  readonly schedule: string;
  /** Snapshots kept per server (and in S3). */
  readonly retention: number;
  /** A copy of each in S3. @default none: local only */
  readonly s3?: EtcdS3;
}

export interface EtcdS3 {
  /** `host[:port]` of the S3 API, without a scheme. */
  readonly endpoint: string;
  readonly bucket: string;
  /** Folder in the bucket. */
  readonly folder: string;
  readonly region: string;
  /** Plain HTTP instead of HTTPS (a LAN MinIO without a certificate). */
  readonly insecure: boolean;
  /** Key pair allowed only this bucket. */
  readonly accessKey: string;
  readonly secretKey: string;
}

/**
 * The servers' k3s flags for snapshots. The key pair goes into config.yaml, which is root's
 * alone (0600) and already holds the server token, the more powerful secret;
 * `etcd-s3-config-secret` would read it from a Secret inside the very cluster a restore
 * rebuilds.
 */
export function etcdSnapshotFlags(snapshots: EtcdSnapshots): Record<string, unknown> {
  const { s3 } = snapshots;
  return {
    "etcd-snapshot-schedule-cron": snapshots.schedule,
    "etcd-snapshot-retention": snapshots.retention,
    ...(s3 && {
      "etcd-s3": true,
      "etcd-s3-endpoint": s3.endpoint,
      "etcd-s3-bucket": s3.bucket,
      "etcd-s3-folder": s3.folder,
      "etcd-s3-region": s3.region,
      "etcd-s3-access-key": s3.accessKey,
      "etcd-s3-secret-key": s3.secretKey,
      ...(s3.insecure && { "etcd-s3-insecure": true }),
    }),
  };
}
