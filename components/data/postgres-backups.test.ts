import { describe, expect, it } from "vitest";
import { BARMAN_CLOUD_PLUGIN } from "../lib/postgres-cluster";
import { deliverAtOnce } from "../lib/credentials";
import { namespaceOf, objectStoreSpec, portOf, postgresBackups, scheduledBackupSpec } from "./postgres-backups";

const policy = { endpoint: "http://seaweedfs-s3.object-storage.svc:8333", bucket: "backups", retention: "30d", schedule: "0 0 3 * * *" };

describe("objectStoreSpec", () => {
  it("archives a namespace's Clusters under its own folder of the bucket, on the in-cluster S3, keeping the retention", () => {
    expect(objectStoreSpec("databases", policy, "full")).toMatchObject({
      retentionPolicy: "30d",
      configuration: {
        destinationPath: "s3://backups/databases/",
        endpointURL: "http://seaweedfs-s3.object-storage.svc:8333",
        wal: { compression: "gzip" },
        data: { compression: "gzip" },
      },
    });
  });

  it("reads the bucket's key pair from the Secret delivered beside it", () => {
    const spec = objectStoreSpec("databases", policy, "lean") as { configuration: { s3Credentials: unknown } };
    expect(spec.configuration.s3Credentials).toEqual({
      accessKeyId: { name: "backups-s3", key: "ACCESS_KEY_ID" },
      secretAccessKey: { name: "backups-s3", key: "ACCESS_SECRET_KEY" },
    });
  });

  it("sizes the sidecar the plugin adds to each PostgreSQL pod", () => {
    const spec = objectStoreSpec("databases", policy, "lean") as { instanceSidecarConfiguration: { resources: { requests: unknown; limits: unknown } } };
    expect(spec.instanceSidecarConfiguration.resources.requests).toEqual({ cpu: "25m", memory: "64Mi" });
  });
});

describe("scheduledBackupSpec", () => {
  it("takes base backups through the plugin on the schedule, the first at once", () => {
    expect(scheduledBackupSpec("pg-orders", "0 30 2 * * *")).toEqual({
      schedule: "0 30 2 * * *",
      immediate: true,
      backupOwnerReference: "self",
      cluster: { name: "pg-orders" },
      method: "plugin",
      pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
    });
  });
});

describe("the S3 endpoint", () => {
  it("names the port and namespace a backed-up namespace must reach", () => {
    expect(portOf("http://seaweedfs-s3.object-storage.svc:8333")).toBe(8333);
    expect(portOf("http://minio.object-storage.svc")).toBe(80);
    expect(namespaceOf("http://minio.object-storage.svc:9000")).toBe("object-storage");
    expect(() => namespaceOf("http://minio:9000")).toThrow("the S3 endpoint http://minio:9000 names no namespace (<service>.<namespace>.svc)");
  });
});

describe("postgresBackups", () => {
  it("has a backed-up namespace opt in at the S3 API and reach it on its port, nothing more", () => {
    const backups = postgresBackups({
      policy,
      credentials: { accessKey: "a", secretKey: "s" },
      plugin: undefined as never,
      operator: undefined as never,
      sizing: "lean",
      sink: deliverAtOnce(),
    });
    expect(backups.allows).toEqual([{ kind: "to-namespace", namespace: "object-storage", ports: [8333] }]);
    expect(backups.optIns).toEqual([{ key: "homelab/s3-client", value: "true" }]);
  });
});
