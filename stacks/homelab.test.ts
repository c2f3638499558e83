import { describe, expect, it } from "vitest";
import { renderConfig, renderStack, resource, resourcesOfType } from "../render/harness";
import type { Recording } from "../render/run-under-mocks";
import { Secret } from "../render/secret";
import { ConfigError } from "./config-problems";

function kubernetesResources(recording: Recording) {
  return recording.resources.filter((r) => r.type.startsWith("kubernetes:"));
}

describe.each([
  ["dev", "minikube"],
  ["wsl", "default"],
])("stack %s", (stack, context) => {
  it("reaches its existing cluster through the configured kubeconfig context", async () => {
    const recording = await renderStack(stack);
    expect(resource(recording, "pulumi:providers:kubernetes", "cluster").inputs).toEqual({ context });
    expect(recording.outputs.kubeContext).toBe(context);
    expect(recording.outputs).not.toHaveProperty("kubeconfig");
  });
});

describe.each(["dev", "wsl", "homelab"])("stack %s", (stack) => {
  it("has one Kubernetes provider", async () => {
    expect(resourcesOfType(await renderStack(stack), "pulumi:providers:kubernetes").map((r) => r.name)).toEqual(["cluster"]);
  });

  it("sends every Kubernetes object through that provider, never a default one", async () => {
    const recording = await renderStack(stack);
    expect(recording.resources.filter((r) => r.type.startsWith("pulumi:providers:") && r.name.startsWith("default"))).toEqual([]);
    for (const r of kubernetesResources(recording)) expect([r.name, r.options.provider]).toEqual([r.name, "cluster"]);
  });
});

describe("stack homelab-metal (builds the cluster)", () => {
  it("creates the Proxmox resources through the configured provider and nothing in Kubernetes", async () => {
    const recording = await renderStack("homelab-metal");
    expect(kubernetesResources(recording)).toEqual([]);
    const proxmox = recording.resources.filter((r) => r.type.startsWith("proxmoxve:"));
    expect(proxmox.map((r) => r.type)).toEqual(expect.arrayContaining(["proxmoxve:index/vmLegacy:VmLegacy"]));
    for (const r of proxmox) expect([r.name, r.options.provider]).toEqual([r.name, "proxmox"]);
    expect(resource(recording, "pulumi:providers:proxmoxve", "proxmox").inputs).toEqual({
      endpoint: "https://pve.lan:8006/",
      insecure: "true",
      ssh: JSON.stringify({ username: "root", agent: true }),
    });
  });

  it("outputs the kubeconfig as a secret and the plain facts the platform stack checks", async () => {
    const { outputs } = await renderStack("homelab-metal");
    expect(outputs.kubeconfig).toBeInstanceOf(Secret);
    expect(outputs).toMatchObject({
      apiServer: "https://192.168.10.10:6443",
      apiVip: "192.168.10.10",
      nodeNetwork: "192.168.10.0/24",
      gpuNodes: ["k3s-gpu-1"],
    });
    expect(outputs.nodes).toEqual([
      { name: "k3s-server-1", role: "server", address: "192.168.10.11" },
      { name: "k3s-server-2", role: "server", address: "192.168.10.12" },
      { name: "k3s-server-3", role: "server", address: "192.168.10.13" },
      { name: "k3s-agent-1", role: "agent", address: "192.168.10.21" },
      { name: "k3s-gpu-1", role: "gpu", address: "192.168.10.31" },
    ]);
  });
});

describe("stack homelab (the platform on bare metal)", () => {
  it("reads the metal stack by its full name and makes its kubeconfig the provider, kept secret", async () => {
    const [metal, recording] = [await renderStack("homelab-metal"), await renderStack("homelab")];
    expect(resource(recording, "pulumi:pulumi:StackReference", "homelab-metal").inputs).toEqual({
      name: "organization/homelab/homelab-metal",
    });
    const provider = resource(recording, "pulumi:providers:kubernetes", "cluster").inputs;
    expect(provider.kubeconfig).toEqual(metal.outputs.kubeconfig);
    expect(provider.kubeconfig).toBeInstanceOf(Secret);
    expect(recording.outputs.kubeconfig).toBeInstanceOf(Secret);
    expect(recording.resources.filter((r) => r.type.startsWith("proxmoxve:"))).toEqual([]);
  });

  it("refuses a pool that holds the metal stack's VIP or a node before creating anything", async () => {
    const error = await renderConfig({
      target: "bare-metal",
      domain: "lab.home.arpa",
      cluster: { stack: "homelab-metal" },
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.8-192.168.10.12"] }] },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "homelab:loadBalancer.pools[0].addresses[0]: 192.168.10.8-192.168.10.12 contains 192.168.10.10, the API VIP of stack homelab-metal; keep the pools clear of it",
      "homelab:loadBalancer.pools[0].addresses[0]: 192.168.10.8-192.168.10.12 contains 192.168.10.11, the address of node k3s-server-1 in stack homelab-metal; keep the pools clear of it",
      "homelab:loadBalancer.pools[0].addresses[0]: 192.168.10.8-192.168.10.12 contains 192.168.10.12, the address of node k3s-server-2 in stack homelab-metal; keep the pools clear of it",
    ]);
  });
});

describe("kubeconfig option", () => {
  it("passes a kubeconfig file to the provider when the stack names one", async () => {
    const recording = await renderConfig({
      target: "wsl2",
      domain: "wsl.home.arpa",
      kubernetes: { context: "docker-desktop", kubeconfig: "/home/me/.kube/desktop.yaml" },
    });
    expect(resource(recording, "pulumi:providers:kubernetes", "cluster").inputs).toEqual({
      context: "docker-desktop",
      kubeconfig: "/home/me/.kube/desktop.yaml",
    });
  });
});
