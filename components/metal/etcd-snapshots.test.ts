import { describe, expect, it } from "vitest";
import { etcdSnapshotFlags } from "./etcd-snapshots";

describe("etcdSnapshotFlags", () => {
  it("takes local snapshots on the schedule, keeping the retention", () => {
    expect(etcdSnapshotFlags({ schedule: "0 */6 * * *", retention: 28 })).toEqual({ "etcd-snapshot-schedule-cron": "0 */6 * * *", "etcd-snapshot-retention": 28 });
  });

  it("copies each to S3 with the bucket's own key pair, over HTTP only when told", () => {
    const s3 = { endpoint: "nas.lan:9000", bucket: "k3s", folder: "homelab", region: "us-east-1", insecure: true, accessKey: "etcd", secretKey: "s3cret" };
    expect(etcdSnapshotFlags({ schedule: "0 3 * * *", retention: 7, s3 })).toEqual({
      "etcd-snapshot-schedule-cron": "0 3 * * *",
      "etcd-snapshot-retention": 7,
      "etcd-s3": true,
      "etcd-s3-endpoint": "nas.lan:9000",
      "etcd-s3-bucket": "k3s",
      "etcd-s3-folder": "homelab",
      "etcd-s3-region": "us-east-1",
      "etcd-s3-access-key": "etcd",
      "etcd-s3-secret-key": "s3cret",
      "etcd-s3-insecure": true,
    });
    expect(etcdSnapshotFlags({ schedule: "0 3 * * *", retention: 7, s3: { ...s3, insecure: false } })).not.toHaveProperty("etcd-s3-insecure");
  });
});
