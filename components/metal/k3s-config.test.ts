import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GPU_NODE_LABEL, GPU_NODE_TAINT } from "../lib/gpu-node";
import type { CaMaterial } from "./cluster-ca";
import { clusterTokens, joinToken, k3sCommand, k3sConfig, nodeFiles, type K3sClusterSettings } from "./k3s-config";

// Made per run in k3s's shapes (`K10<ca hash>::server:<secret>`, `::node:`), so no token is written down.
const hex = () => randomBytes(16).toString("hex");
const CA_HASH = hex();
const AGENT_SECRET = hex();
const SERVER_TOKEN = `K10${CA_HASH}::server:${hex()}`;
const AGENT_TOKEN = `K10${CA_HASH}::node:${AGENT_SECRET}`;

const cluster: K3sClusterSettings = {
  tokens: { server: SERVER_TOKEN, agent: AGENT_TOKEN, agentSecret: AGENT_SECRET },
  firstServer: { name: "server-1" },
  apiVip: "10.0.10.10",
  tlsSans: ["10.0.10.10", "k8s.lab.home.arpa"],
};
const server1 = { name: "server-1", role: "server", address: "10.0.10.11" } as const;
const server2 = { name: "server-2", role: "server", address: "10.0.10.12" } as const;
const agent = { name: "agent-1", role: "agent", address: "10.0.10.21" } as const;
const gpu = { name: "gpu-1", role: "gpu", address: "10.0.10.31" } as const;

describe("k3sConfig", () => {
  it("lets the first server initialise embedded etcd, with the VIP and API name in its certificate", () => {
    expect(k3sConfig(server1, cluster)).toEqual({
      "cluster-init": true,
      token: SERVER_TOKEN,
      "node-name": "server-1",
      "node-ip": "10.0.10.11",
      "agent-token": AGENT_SECRET,
      "tls-san": ["10.0.10.10", "k8s.lab.home.arpa"],
      disable: ["servicelb", "traefik", "local-storage"],
    });
  });

  it("joins every other node through the API VIP", () => {
    for (const node of [server2, agent, gpu]) {
      const config = k3sConfig(node, cluster);
      expect(config).toMatchObject({ server: "https://10.0.10.10:6443", "node-ip": node.address });
      expect(config).not.toHaveProperty("cluster-init");
    }
    expect(k3sConfig(server2, cluster)).toMatchObject({ "tls-san": cluster.tlsSans, disable: ["servicelb", "traefik", "local-storage"] });
    expect(k3sConfig(agent, cluster)).not.toHaveProperty("tls-san");
  });

  it("gives servers the server token and the agent secret, agents and the GPU node only the agent token", () => {
    for (const node of [server1, server2]) {
      expect(k3sConfig(node, cluster)).toMatchObject({ token: SERVER_TOKEN, "agent-token": AGENT_SECRET });
    }
    for (const node of [agent, gpu]) {
      const config = k3sConfig(node, cluster);
      expect(config.token).toBe(AGENT_TOKEN);
      expect(config).not.toHaveProperty("agent-token");
      expect(JSON.stringify(config)).not.toContain("::server:");
    }
  });

  it("labels and taints the GPU node with the names the GPU layers select and tolerate", () => {
    expect(k3sConfig(gpu, cluster)).toMatchObject({
      "node-label": [`${GPU_NODE_LABEL.key}=${GPU_NODE_LABEL.value}`],
      "node-taint": [`${GPU_NODE_TAINT.key}=${GPU_NODE_TAINT.value}:${GPU_NODE_TAINT.effect}`],
    });
    expect(k3sConfig(gpu, cluster)["node-label"]).toEqual(["homelab/gpu=nvidia"]);
    expect(k3sConfig(agent, cluster)).not.toHaveProperty("node-taint");
    expect([k3sCommand("server"), k3sCommand("agent"), k3sCommand("gpu")]).toEqual(["server", "agent", "agent"]);
  });
});

describe("joinToken", () => {
  const pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
  const hash = createHash("sha256").update(pem).digest("hex");

  it("is the secure form: the sha256 of the server CA file as written, then the user and secret", () => {
    expect(joinToken(pem, "server", "s3cret")).toBe(`K10${hash}::server:s3cret`);
    expect(joinToken(`${pem}\n`, "server", "s3cret")).not.toBe(joinToken(pem, "server", "s3cret"));
  });

  it("makes the agent token for k3s's `node` user from its own secret", () => {
    expect(clusterTokens(pem, { server: "s1", agent: "a1" })).toEqual({
      server: `K10${hash}::server:s1`,
      agent: `K10${hash}::node:a1`,
      agentSecret: "a1",
    });
  });
});

describe("nodeFiles", () => {
  const material = Object.fromEntries(
    ["server", "client", "requestHeader", "etcdPeer", "etcdServer"].map((id) => [id, { certPem: `${id}-cert\n`, keyPem: `${id}-key\n` }]),
  ) as unknown as CaMaterial;
  const withSaKey = { ...material, serviceAccountKeyPem: "sa-key\n" };

  it("gives the first server its k3s config, kube-vip and every CA file byte for byte", () => {
    const files = nodeFiles(server1, cluster, withSaKey);
    expect(files.map((f) => [f.path, f.permissions, f.exact ?? false])).toEqual([
      ["/etc/rancher/k3s/config.yaml", "0600", false],
      ["/var/lib/rancher/k3s/server/manifests/kube-vip.yaml", "0600", false],
      ["/var/lib/rancher/k3s/server/tls/server-ca.crt", "0644", true],
      ["/var/lib/rancher/k3s/server/tls/server-ca.key", "0600", true],
      ["/var/lib/rancher/k3s/server/tls/client-ca.crt", "0644", true],
      ["/var/lib/rancher/k3s/server/tls/client-ca.key", "0600", true],
      ["/var/lib/rancher/k3s/server/tls/request-header-ca.crt", "0644", true],
      ["/var/lib/rancher/k3s/server/tls/request-header-ca.key", "0600", true],
      ["/var/lib/rancher/k3s/server/tls/etcd/peer-ca.crt", "0644", true],
      ["/var/lib/rancher/k3s/server/tls/etcd/peer-ca.key", "0600", true],
      ["/var/lib/rancher/k3s/server/tls/etcd/server-ca.crt", "0644", true],
      ["/var/lib/rancher/k3s/server/tls/etcd/server-ca.key", "0600", true],
      ["/var/lib/rancher/k3s/server/tls/service.key", "0600", true],
    ]);
    expect(files.find((f) => f.path.endsWith("/server-ca.crt"))?.content).toBe("server-cert\n");
    expect(parse(files[0]!.content)).toEqual(k3sConfig(server1, cluster));
  });

  it("gives joining servers kube-vip but no CA (they get it from etcd), agents only their config", () => {
    expect(nodeFiles(server2, cluster, withSaKey).map((f) => f.path)).toEqual([
      "/etc/rancher/k3s/config.yaml",
      "/var/lib/rancher/k3s/server/manifests/kube-vip.yaml",
    ]);
    expect(nodeFiles(gpu, cluster, withSaKey).map((f) => f.path)).toEqual(["/etc/rancher/k3s/config.yaml"]);
    expect(nodeFiles(server2, cluster)[1]!.content).toContain("value: 10.0.10.10");
  });
});
