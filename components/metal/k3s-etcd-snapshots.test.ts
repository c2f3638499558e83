import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderConfig, resource } from "../../render/harness";
import type { Recording } from "../../render/run-under-mocks";
import { Secret } from "../../render/secret";
import { parseConfig } from "../../stacks/config";

const SNIPPET = "proxmoxve:index/fileLegacy:FileLegacy";

const STACK = {
  target: "bare-metal",
  domain: "lab.home.arpa",
  proxmox: { endpoint: "https://pve.lan:8006/" },
  cluster: {
    apiVip: "10.0.10.10",
    network: { cidr: "10.0.10.0/24", gateway: "10.0.10.1" },
    servers: [{ name: "server-1", vmId: 9101, address: "10.0.10.11" }],
    agents: [{ name: "agent-1", vmId: 9201, address: "10.0.10.21" }],
  },
};
const S3 = { endpoint: "nas.lan:9000", bucket: "k3s-etcd", accessKey: "etcd-snapshots" };

function k3sConfigOf(recording: Recording, node: string): Record<string, unknown> {
  const source = resource(recording, SNIPPET, `${node}-user-data`).inputs.sourceRaw;
  expect(source).toBeInstanceOf(Secret);
  const files = parse(((source as Secret).value as { data: string }).data).write_files as { path: string; content: string; permissions: string }[];
  const config = files.find((f) => f.path === "/etc/rancher/k3s/config.yaml")!;
  expect(config.permissions).toBe("0600");
  return parse(config.content);
}

function problems(values: Record<string, unknown>, secretKeys: readonly string[] = []): readonly string[] {
  const result = parseConfig(values, secretKeys);
  return result.ok ? [] : result.problems;
}

describe("etcd snapshots on bare metal", () => {
  it("are taken on every server every six hours, 28 kept, on the servers' disks by default; agents hold none of it", async () => {
    const recording = await renderConfig(STACK);
    expect(k3sConfigOf(recording, "server-1")).toMatchObject({ "etcd-snapshot-schedule-cron": "0 */6 * * *", "etcd-snapshot-retention": 28 });
    expect(k3sConfigOf(recording, "server-1")).not.toHaveProperty("etcd-s3");
    expect(Object.keys(k3sConfigOf(recording, "agent-1")).filter((k) => k.startsWith("etcd"))).toEqual([]);
  });

  it("are copied to the S3 the stack file names, its secret key only in the servers' root-only config", async () => {
    const recording = await renderConfig({ ...STACK, cluster: { ...STACK.cluster, etcdSnapshots: { schedule: "30 2 * * *", retention: 14, s3: S3 } }, etcdS3SecretKey: { secure: "v1:abc" } });
    expect(k3sConfigOf(recording, "server-1")).toMatchObject({
      "etcd-snapshot-schedule-cron": "30 2 * * *",
      "etcd-s3": true,
      "etcd-s3-endpoint": "nas.lan:9000",
      "etcd-s3-bucket": "k3s-etcd",
      "etcd-s3-folder": "etcd-snapshots",
      "etcd-s3-access-key": "etcd-snapshots",
      "etcd-s3-secret-key": "<secure homelab:etcdS3SecretKey>",
    });
    expect(JSON.stringify(k3sConfigOf(recording, "agent-1"))).not.toContain("etcdS3SecretKey");
  });

  it("name the key of a schedule, endpoint or bucket that does not parse, and an S3 copy without its secret key", () => {
    const bad = { schedule: "every night", retention: 0, s3: { ...S3, endpoint: "https://nas.lan:9000", bucket: "K3S" } };
    expect(problems({ ...STACK, cluster: { ...STACK.cluster, etcdSnapshots: bad } })).toEqual([
      'homelab:cluster.etcdSnapshots.schedule: expected a cron expression of five fields, such as "0 */6 * * *"; got "every night"',
      "homelab:cluster.etcdSnapshots.retention: expected at least 1; got 0",
      'homelab:cluster.etcdSnapshots.s3.endpoint: expected host[:port] without a scheme, such as nas.lan:9000; got "https://nas.lan:9000"',
      "homelab:cluster.etcdSnapshots.s3.bucket: expected an S3 bucket name (lower-case letters, digits, '.', '-'); got \"K3S\"",
    ]);
    expect(problems({ ...STACK, cluster: { ...STACK.cluster, etcdSnapshots: { s3: S3 } } })).toEqual([
      "homelab:cluster.etcdSnapshots.s3: the copy to S3 needs its secret key: pulumi config set --secret etcdS3SecretKey <key>",
    ]);
    expect(problems({ ...STACK, etcdS3SecretKey: "v1:abc" }, ["etcdS3SecretKey"])).toEqual([
      "homelab:etcdS3SecretKey: set, but cluster.etcdSnapshots.s3 is not: give the S3 server or remove the key",
    ]);
  });
});
