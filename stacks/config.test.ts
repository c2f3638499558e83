import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderConfig } from "../render/harness";
import { simulatedHost } from "../render/simulated-host";
import { runUnderMocks } from "../render/run-under-mocks";
import { homelab } from "./homelab";
import { stackValues } from "../render/stack-files";
import { isDomain, parseConfig, validateStackConfig, type ParseResult } from "./config";
import { ConfigError } from "./config-problems";
import { declaredModels } from "./layers/model-config";

const FIXTURES = join(__dirname, "fixtures");

/** A Linux machine whose kubeconfig knows no cluster: fixtures name everything they need. */
const BARE_LINUX = simulatedHost("linux", undefined);

/** A fixture as Pulumi would hand it to the program. */
function validateFixture(file: string): ParseResult {
  const { config, secretKeys } = stackValues(parse(readFileSync(file, "utf8")).config, file);
  return validateStackConfig(config, (key) => secretKeys.includes(key), undefined, BARE_LINUX);
}

function fixtures(kind: "valid" | "invalid"): string[] {
  return readdirSync(join(FIXTURES, kind)).filter((f) => f.endsWith(".yaml"));
}

function configOf(result: ParseResult) {
  if (!result.ok) throw new Error(`expected valid config, got:\n${result.problems.join("\n")}`);
  if (!("config" in result)) throw new Error("expected the config of a platform stack, got that of a cluster builder");
  return result.config;
}

function metalOf(result: ParseResult) {
  if (!result.ok) throw new Error(`expected valid config, got:\n${result.problems.join("\n")}`);
  if (!("metal" in result)) throw new Error("expected the config of a cluster builder, got that of a platform stack");
  return result.metal;
}

describe("invalid stack files", () => {
  it.each(fixtures("invalid"))("%s is rejected with exactly the problems it expects", (name) => {
    const file = join(FIXTURES, "invalid", name);
    const expected = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("# expect: "))
      .map((line) => line.slice("# expect: ".length));
    expect(expected.length).toBeGreaterThan(0);
    const result = validateFixture(file);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : [...result.problems].sort()).toEqual([...expected].sort());
  });
});

describe("valid stack files", () => {
  it.each(fixtures("valid"))("%s is accepted", (name) => {
    expect(validateFixture(join(FIXTURES, "valid", name))).toMatchObject({ ok: true });
  });

  it("fills minikube's defaults", () => {
    const config = configOf(validateFixture(join(FIXTURES, "valid", "minikube-minimal.yaml")));
    expect(config.kubernetes.context).toBe("minikube");
    expect(config.sizing).toBe("lean");
    expect(config.loadBalancer).toEqual({
      kind: "metallb",
      pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }],
      ingressAddress: "192.168.49.200",
    });
    expect(config.features).toEqual({
      gpu: false, llm: true, objectStorage: false, dns: true, data: false, sso: true, observability: false, secrets: true,
    });
    expect(declaredModels(config.models, config.features.gpu)).toEqual([{ name: "qwen3:0.6b", numCtx: 8192 }]);
  });

  it("fills WSL2's defaults: k3s context, built-in load balancer on localhost, a GPU model", () => {
    const config = configOf(validateFixture(join(FIXTURES, "valid", "wsl2-defaults.yaml")));
    expect(config.kubernetes.context).toBe("default");
    expect(config.loadBalancer).toEqual({ kind: "builtin", pools: [], ingressAddress: "127.0.0.1" });
    expect(config.features.gpu).toBe(true);
    expect(declaredModels(config.models, config.features.gpu)).toEqual([{ name: "qwen3:8b", numCtx: 16384 }]);
  });

  it("keeps what a bare-metal platform stack file says, the cluster by reference", () => {
    const config = configOf(validateFixture(join(FIXTURES, "valid", "bare-metal-full.yaml")));
    expect(config.sizing).toBe("full");
    expect(config.cluster).toEqual({ stack: "homelab-metal" });
    expect(config.proxmox).toBeUndefined();
    expect(config.loadBalancer.ingressAddress).toBe("10.0.10.201");
    expect(config.storage).toEqual({ rwo: "local-path", nfs: { server: "nas.lan", path: "/export/k8s" } });
    expect(config.models?.[1]).toEqual({
      name: "tutor", from: "qwen3:8b", system: "You are a patient tutor.", parameters: { temperature: 0.3, stop: ["<|end|>"] },
    });
  });

  it("fills the defaults of a stack that builds a one-server cluster", () => {
    const metal = metalOf(validateFixture(join(FIXTURES, "valid", "metal-one-server.yaml")));
    expect(metal.proxmox).toEqual({
      endpoint: "https://pve.lan:8006/",
      insecure: false,
      nodes: ["pve"],
      datastores: { disks: "local-lvm", images: "local", snippets: "local" },
      ssh: { username: "root" },
    });
    expect(metal.cluster).toEqual({
      apiVip: "192.168.10.10",
      network: { cidr: "192.168.10.0/24", gateway: "192.168.10.1", bridge: "vmbr0", dhcp: false },
      servers: [{ name: "k3s-server-1", vmId: 9101, address: "192.168.10.11" }],
      agents: [],
      sizes: {
        server: { cores: 2, memoryMb: 4096, diskGb: 32 },
        agent: { cores: 4, memoryMb: 8192, diskGb: 64 },
        gpu: { cores: 8, memoryMb: 32768, diskGb: 128 },
      },
      sshKeys: [],
      etcdSnapshots: { schedule: "0 */6 * * *", retention: 28 },
    });
  });

  it("keeps a full layout, merging partial sizes with the defaults and the tokens only as secret keys", () => {
    const metal = metalOf(validateFixture(join(FIXTURES, "valid", "metal-ha-gpu.yaml")));
    expect(metal.cluster.sizes.server).toEqual({ cores: 4, memoryMb: 8192, diskGb: 32 });
    expect(metal.cluster.sizes.gpu).toEqual({ cores: 8, memoryMb: 65536, diskGb: 256 });
    expect(metal.cluster.gpuNode?.pci).toEqual({ address: "0000:01:00.0", id: "10de:2684", subsystemId: "1043:88e2", iommuGroup: 14 });
    expect(JSON.stringify(metal)).not.toMatch(/proxmoxApiToken|proxmoxSshPrivateKey/);
  });
});

describe("parseConfig", () => {
  const minikube = {
    target: "minikube",
    domain: "homelab.test",
    loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
  };

  it("lets the stack file override a default", () => {
    const config = configOf(parseConfig({ ...minikube, sizing: "full", kubernetes: { context: "other" } }));
    expect(config.sizing).toBe("full");
    expect(config.kubernetes.context).toBe("other");
  });

  it("still validates the other keys when the target is unknown", () => {
    const result = parseConfig({ ...minikube, target: "kind", domain: "bad domain" });
    expect(result.ok ? [] : result.problems).toEqual([
      'homelab:target: expected one of minikube, wsl2, bare-metal; got "kind"',
      `homelab:domain: expected a DNS domain of at least two lower-case labels (letters, digits, '-'), e.g. home.arpa; got "bad domain"`,
    ]);
  });

  it("reports a value of the wrong type with what it got", () => {
    const result = parseConfig({ ...minikube, features: { llm: "yes" } });
    expect(result.ok ? [] : result.problems).toEqual(['homelab:features.llm: expected boolean, got "yes"']);
  });

  it("reports a pool name used twice", () => {
    const pool = { name: "default", addresses: ["192.168.49.200/32"] };
    const result = parseConfig({ ...minikube, loadBalancer: { pools: [pool, { ...pool, addresses: ["192.168.49.201/32"] }] } });
    expect(result.ok ? [] : result.problems).toEqual(['homelab:loadBalancer.pools[1].name: "default" is used twice']);
  });

  it("accepts a GPU on a bare-metal platform stack (whether its cluster has a GPU node is checked against that stack)", () => {
    const bareMetal = {
      target: "bare-metal",
      domain: "lab.home.arpa",
      cluster: { stack: "homelab-metal" },
      loadBalancer: { pools: [{ name: "default", addresses: ["10.0.0.200/29"] }] },
      features: { gpu: true },
    };
    expect(parseConfig(bareMetal).ok).toBe(true);
  });
});

describe("isDomain", () => {
  it.each(["home.arpa", "lab.example.com", "a-b.c1.test", "x.y"])("accepts %s", (d) => expect(isDomain(d)).toBe(true));
  it.each(["lab", "Lab.test", "a_b.test", "-a.test", "a-.test", "a..test", `${"a".repeat(64)}.test`])(
    "rejects %s",
    (d) => expect(isDomain(d)).toBe(false),
  );
});

describe("loadConfig in the running program", () => {
  it("fails before any resource exists, with a ConfigError listing the problems", async () => {
    const values = { target: "minikube", domain: "homelab.test", sizing: "tiny" };
    const error = await renderConfig(values, "test", undefined, BARE_LINUX).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'homelab:sizing: expected one of lean, full; got "tiny"',
      "homelab:loadBalancer.pools: left out, so it is derived from the node address, but the kubeconfig has no API server for the stack's context (is the cluster started?); set the pools, or use loadBalancer.kind tunnel",
    ]);
    expect((error as ConfigError).message).toBe(
      "the stack configuration has 2 problems:\n" +
        '  - homelab:sizing: expected one of lean, full; got "tiny"\n' +
        "  - homelab:loadBalancer.pools: left out, so it is derived from the node address, but the kubeconfig has no API server for the stack's context (is the cluster started?); set the pools, or use loadBalancer.kind tunnel",
    );
  });

  it("reports a structured key that is not valid JSON", async () => {
    const error = await runUnderMocks(homelab, {
      project: "homelab",
      stack: "test",
      config: { "homelab:target": "wsl2", "homelab:domain": "wsl.home.arpa", "homelab:features": "{gpu: true" },
    }).catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual(["homelab:features: is not a valid YAML map or list"]);
  });
});
