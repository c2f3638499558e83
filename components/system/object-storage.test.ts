import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { renderComponent } from "../../render/harness";
import { resolveOutputs, Secret } from "../../render/secret";
import { bucketPolicy, usersScript } from "./minio";
import { bucketScript, identities, s3ConfigJson, seaweedfsValues } from "./seaweedfs";

const keys = (name: string) => ({ accessKey: pulumi.output(`${name}-AK`), secretKey: pulumi.secret(`${name}-SK`) });

describe("SeaweedFS identities", () => {
  it("gives each bucket an identity allowed on that bucket only, and one admin", () => {
    const list = identities(keys("admin"), { backups: keys("backups") });
    expect(list.map((i) => [i.name, i.actions])).toEqual([
      ["admin", ["Admin", "Read", "List", "Tagging", "Write"]],
      ["backups", ["Read:backups", "Write:backups", "List:backups", "Tagging:backups"]],
    ]);
  });

  it("writes the S3 config file as a secret", async () => {
    await renderComponent(async () => {
      const json = s3ConfigJson(identities(keys("admin"), { models: keys("models") }));
      const resolved = await resolveOutputs(json);
      expect(resolved).toBeInstanceOf(Secret);
      expect(JSON.parse((resolved as Secret).value as string)).toEqual({
        identities: [
          { name: "admin", credentials: [{ accessKey: "admin-AK", secretKey: "admin-SK" }], actions: ["Admin", "Read", "List", "Tagging", "Write"] },
          { name: "models", credentials: [{ accessKey: "models-AK", secretKey: "models-SK" }], actions: ["Read:models", "Write:models", "List:models", "Tagging:models"] },
        ],
      });
    });
  });
});

describe("SeaweedFS bucket Job", () => {
  it("creates only the buckets that are missing, each owned by its identity", () => {
    const script = bucketScript(["backups", "ci-cache"]);
    expect(script).toContain("for bucket in backups ci-cache; do");
    expect(script).toContain('grep -qx "$bucket"');
    expect(script).toContain('echo "s3.bucket.create -name $bucket -owner $bucket" | weed shell -master=seaweedfs-all-in-one:9333 -filer=seaweedfs-all-in-one:8888');
    expect(script.startsWith("set -eu\n")).toBe(true);
  });
});

describe("SeaweedFS values", () => {
  it("runs one all-in-one pod on the platform's volume claim, S3 auth from our secret, rolled on change", () => {
    const values = seaweedfsValues({ sizing: "lean" });
    expect(values.allInOne).toMatchObject({
      enabled: true,
      annotations: { "reloader.stakater.com/auto": "true" },
      s3: { enabled: true, enableAuth: true, existingConfigSecret: "seaweedfs-s3-config" },
      data: { type: "existingClaim", claimName: "seaweedfs-data" },
    });
    expect([values.master.enabled, values.volume.enabled, values.filer.enabled]).toEqual([false, false, false]);
    expect(values.master.config).toContain("copy_1 = 1");
  });
});

describe("MinIO bucket users", () => {
  it("allows one bucket and its objects, nothing else", () => {
    expect(JSON.parse(bucketPolicy("backups")).Statement).toEqual([
      { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: ["arn:aws:s3:::backups"] },
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: ["arn:aws:s3:::backups/*"] },
    ]);
  });

  it("makes a policy and a user per bucket, credentials from the environment only", () => {
    const script = usersScript(["ci-cache"]);
    expect(script).toContain('mc alias set local http://minio.object-storage.svc:80 "$ROOT_USER" "$ROOT_PASSWORD"');
    expect(script).toContain("mc admin policy create local bucket-ci-cache /tmp/ci-cache.json");
    expect(script).toContain('mc admin user add local "$ACCESS_CI_CACHE" "$SECRET_CI_CACHE"');
    expect(script).toContain('mc admin policy attach local bucket-ci-cache --user "$ACCESS_CI_CACHE"');
  });
});
