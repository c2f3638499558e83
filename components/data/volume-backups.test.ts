import { describe, expect, it } from "vitest";
import { k8upValues, scheduleSpec } from "./volume-backups";

const POLICY = { endpoint: "http://seaweedfs-s3.object-storage.svc:8333", bucket: "backups", schedule: "0 4 * * *", keep: { daily: 7, weekly: 4, monthly: 6 } };

describe("k8upValues", () => {
  it("backs up only claims that carry the annotation", () => {
    expect(k8upValues("lean")).toMatchObject({ k8up: { skipWithoutAnnotation: true }, resources: { requests: { cpu: "25m", memory: "64Mi" } } });
  });

  it("runs the operator within the restricted Pod Security its namespace enforces", () => {
    expect(k8upValues("full")).toMatchObject({
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    });
  });
});

describe("scheduleSpec", () => {
  const spec = scheduleSpec("open-webui", POLICY, 0) as Record<string, any>;

  it("keeps a restic repository per namespace under volumes/ in the backups bucket, on the in-cluster S3", () => {
    expect(spec.backend.s3).toEqual({
      endpoint: "http://seaweedfs-s3.object-storage.svc:8333",
      bucket: "backups/volumes/open-webui",
      accessKeyIDSecretRef: { name: "volume-backups", key: "ACCESS_KEY_ID" },
      secretAccessKeySecretRef: { name: "volume-backups", key: "SECRET_ACCESS_KEY" },
    });
    expect(spec.backend.repoPasswordSecretRef).toEqual({ name: "volume-backups", key: "RESTIC_PASSWORD" });
  });

  it("backs up on the schedule, checks and prunes weekly keeping the policy's snapshots, reading as the app's user", () => {
    expect(spec.backup).toMatchObject({ schedule: "0 4 * * *" });
    expect(spec.prune).toEqual({ schedule: "0 6 * * 0", retention: { keepDaily: 7, keepWeekly: 4, keepMonthly: 6 } });
    expect(spec.check).toEqual({ schedule: "0 5 * * 0" });
    expect(spec.podSecurityContext).toEqual({ runAsUser: 0, runAsGroup: 0, fsGroup: 0 });
  });
});
