import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderConfig, renderStack, resource, resourcesOfType } from "../../render/harness";
import { renderFiles } from "../../render/render-files";
import type { Recording } from "../../render/run-under-mocks";
import { Secret } from "../../render/secret";

/** The whole program under mocks with the layouts the metal layer must handle. */

const VM = "proxmoxve:index/vmLegacy:VmLegacy";
const SNIPPET = "proxmoxve:index/fileLegacy:FileLegacy";
const NODE = "homelab:metal:K3sNode";

function metalStack(cluster: Record<string, unknown>, proxmoxNodes = ["pve"]) {
  return renderConfig({
    target: "bare-metal",
    domain: "lab.home.arpa",
    proxmox: { endpoint: "https://pve.lan:8006/", nodes: proxmoxNodes },
    cluster: { apiVip: "10.0.10.10", network: { cidr: "10.0.10.0/24", gateway: "10.0.10.1" }, ...cluster },
  });
}

const servers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `server-${i + 1}`, vmId: 9101 + i, address: `10.0.10.${11 + i}` }));

/** The user-data snippet's text; fails unless the program passed it as a secret. */
function userDataOf(recording: Recording, node: string): string {
  const source = resource(recording, SNIPPET, `${node}-user-data`).inputs.sourceRaw;
  expect(source).toBeInstanceOf(Secret);
  return ((source as Secret).value as { data: string }).data;
}

function k3sConfigOf(recording: Recording, node: string): Record<string, unknown> {
  const files = parse(userDataOf(recording, node)).write_files as { path: string; content: string }[];
  return parse(files.find((f) => f.path === "/etc/rancher/k3s/config.yaml")!.content);
}

describe("one server", () => {
  it("makes one VM that initialises the cluster, and the CA it needs before its first start", async () => {
    const recording = await metalStack({ servers: servers(1) });
    expect(resourcesOfType(recording, VM).map((r) => r.name)).toEqual(["server-1-vm"]);
    expect(resource(recording, VM, "server-1-vm").inputs).toMatchObject({
      nodeName: "pve",
      vmId: 9101,
      cpu: { cores: 2, type: "host" },
      memory: { dedicated: 4096 },
      disks: [{ importFrom: "cloud-image-pve-id", size: 32, datastoreId: "local-lvm" }],
      initialization: { userDataFileId: "server-1-user-data-id", ipConfigs: [{ ipv4: { address: "10.0.10.11/24", gateway: "10.0.10.1" } }] },
    });
    expect(k3sConfigOf(recording, "server-1")).toMatchObject({ "cluster-init": true, "tls-san": ["10.0.10.10", "k8s.lab.home.arpa"] });
    const paths = (parse(userDataOf(recording, "server-1")).write_files as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["/var/lib/rancher/k3s/server/tls/server-ca.key", "/var/lib/rancher/k3s/server/tls/service.key"]));
  });

  it("replaces a changed snippet in place, and never the VM for it", async () => {
    const recording = await metalStack({ servers: servers(1) });
    expect(resource(recording, SNIPPET, "server-1-user-data").options.deleteBeforeReplace).toBe(true);
    expect(resource(recording, VM, "server-1-vm").options.ignoreChanges).toEqual(["initialization.userDataFileId"]);
  });

  it("downloads the pinned image with its checksum to the Proxmox node, as an importable file", async () => {
    const recording = await metalStack({ servers: servers(1) });
    expect(resource(recording, "proxmoxve:download/file:File", "cloud-image-pve").inputs).toEqual({
      nodeName: "pve",
      datastoreId: "local",
      contentType: "import",
      url: "https://cloud-images.ubuntu.com/releases/noble/release-20260814/ubuntu-24.04-server-cloudimg-amd64.img",
      fileName: "ubuntu-24.04-server-cloudimg-amd64-20260814.qcow2",
      checksum: "6e40c07ae715f744f84af0bec76415cc1987dd115b4b8de437818561f01a3733",
      checksumAlgorithm: "sha256",
    });
  });
});

describe("three servers and agents over two Proxmox nodes", () => {
  const layout = {
    servers: servers(3),
    agents: [
      { name: "agent-1", vmId: 9111, address: "10.0.10.21" },
      { name: "agent-2", vmId: 9112, address: "10.0.10.22", proxmoxNode: "pve1" },
    ],
  };

  it("spreads the VMs over the Proxmox nodes, each with one image there", async () => {
    const recording = await metalStack(layout, ["pve1", "pve2"]);
    const placement = Object.fromEntries(resourcesOfType(recording, VM).map((r) => [r.name, r.inputs.nodeName]));
    expect(placement).toEqual({ "server-1-vm": "pve1", "server-2-vm": "pve2", "server-3-vm": "pve1", "agent-1-vm": "pve1", "agent-2-vm": "pve1" });
    expect(resourcesOfType(recording, "proxmoxve:download/file:File").map((r) => r.name)).toEqual(["cloud-image-pve1", "cloud-image-pve2"]);
    expect(resource(recording, VM, "server-2-vm").inputs.disks).toEqual([expect.objectContaining({ importFrom: "cloud-image-pve2-id" })]);
    expect(resource(recording, VM, "agent-1-vm").inputs).toMatchObject({ cpu: { cores: 4 }, memory: { dedicated: 8192 } });
  });

  it("lets only the first server initialise; the others join through the VIP, after it", async () => {
    const recording = await metalStack(layout, ["pve1", "pve2"]);
    const configs = Object.fromEntries(["server-1", "server-2", "server-3", "agent-1", "agent-2"].map((n) => [n, k3sConfigOf(recording, n)]));
    expect(configs["server-1"]).toHaveProperty("cluster-init", true);
    for (const node of ["server-2", "server-3", "agent-1", "agent-2"]) {
      expect(configs[node]).toMatchObject({ server: "https://10.0.10.10:6443" });
      expect(configs[node]).not.toHaveProperty("cluster-init");
      expect(resource(recording, NODE, node).options.dependsOn).toEqual(["server-1"]);
    }
    expect(resource(recording, NODE, "server-1").options.dependsOn).toEqual([]);
  });

  it("gives the server token to servers only; agents join with the agent token that every server accepts", async () => {
    const recording = await metalStack(layout, ["pve1", "pve2"]);
    const serverCa = `-----BEGIN CERTIFICATE-----\n${Buffer.from("mock certificate for server-ca-cert").toString("base64")}\n-----END CERTIFICATE-----\n`;
    const caHash = createHash("sha256").update(serverCa).digest("hex");
    const serverToken = `K10${caHash}::server:mock-password-k3s-token`;
    for (const node of ["server-1", "server-2", "server-3"]) {
      expect(k3sConfigOf(recording, node)).toMatchObject({ token: serverToken, "agent-token": "mock-password-k3s-agent-token" });
    }
    for (const node of ["agent-1", "agent-2"]) {
      expect(k3sConfigOf(recording, node).token).toBe(`K10${caHash}::node:mock-password-k3s-agent-token`);
      expect(userDataOf(recording, node)).not.toContain("mock-password-k3s-token");
      expect(userDataOf(recording, node)).not.toContain("::server:");
    }
  });

  it("puts the CA keys on the first server only and waits for the API after every node", async () => {
    const recording = await metalStack(layout, ["pve1", "pve2"]);
    expect(userDataOf(recording, "server-1")).toContain("/var/lib/rancher/k3s/server/tls/client-ca.key");
    for (const node of ["server-2", "agent-1"]) expect(userDataOf(recording, node)).not.toContain("/server/tls/");
    const readiness = resource(recording, "pulumi-nodejs:dynamic/metal:ApiReadiness", "api-ready");
    expect(readiness.options.dependsOn).toEqual(["server-1", "server-2", "server-3", "agent-1", "agent-2"]);
    expect(readiness.inputs).toMatchObject({ apiServer: "https://10.0.10.10:6443", members: ["server-1", "server-2", "server-3", "agent-1", "agent-2"] });
    expect(readiness.inputs.clientKeyPem).toBeInstanceOf(Secret);
  });
});

describe("a GPU node", () => {
  const layout = {
    servers: servers(1),
    gpuNode: { name: "gpu-1", vmId: 9121, address: "10.0.10.31", pci: { address: "0000:01:00.0", id: "10de:2684" } },
    sizes: { gpu: { memoryMb: 65536 } },
  };

  it("passes the configured GPU through a PCI resource mapping on the GPU's Proxmox node", async () => {
    const recording = await metalStack(layout);
    expect(resource(recording, "proxmoxve:hardware/mapping/pci:Pci", "gpu-gpu-1").inputs).toMatchObject({
      name: "gpu-gpu-1",
      maps: [{ node: "pve", path: "0000:01:00.0", id: "10de:2684" }],
    });
    expect(resource(recording, VM, "gpu-1-vm").inputs).toMatchObject({
      machine: "q35",
      hostpcis: [{ device: "hostpci0", mapping: "gpu-gpu-1", pcie: true, rombar: true }],
      memory: { dedicated: 65536, floating: 0 },
      cpu: { cores: 8 },
    });
    expect(resource(recording, VM, "server-1-vm").inputs).not.toHaveProperty("hostpcis");
  });

  it("joins it as an agent labelled and tainted for GPU workloads, and names it in the outputs", async () => {
    const recording = await metalStack(layout);
    expect(k3sConfigOf(recording, "gpu-1")).toMatchObject({
      server: "https://10.0.10.10:6443",
      "node-label": ["homelab/gpu=nvidia"],
      "node-taint": ["nvidia.com/gpu=present:NoSchedule"],
    });
    expect(userDataOf(recording, "gpu-1")).toContain("INSTALL_K3S_EXEC='agent'");
    expect(k3sConfigOf(recording, "gpu-1").token).toMatch(/^K10[0-9a-f]{64}::node:mock-password-k3s-agent-token$/);
    expect(userDataOf(recording, "gpu-1")).not.toContain("mock-password-k3s-token");
    expect(recording.outputs.gpuNodes).toEqual(["gpu-1"]);
  });
});

describe("the kubeconfig and the rendered files", () => {
  it("builds the kubeconfig from the server CA and the admin certificate, as a secret output", async () => {
    const recording = await renderStack("homelab-metal");
    expect(recording.outputs.kubeconfig).toBeInstanceOf(Secret);
    const kubeconfig = parse((recording.outputs.kubeconfig as Secret).value as string);
    const decode = (b64: string) => Buffer.from(b64, "base64").toString();
    expect(kubeconfig.clusters[0].cluster.server).toBe("https://192.168.10.10:6443");
    expect(decode(kubeconfig.clusters[0].cluster["certificate-authority-data"])).toContain(Buffer.from("mock certificate for server-ca-cert").toString("base64"));
    expect(decode(kubeconfig.users[0].user["client-certificate-data"])).toContain(Buffer.from("mock certificate for admin-cert").toString("base64"));
    expect(resource(recording, "tls:index/certRequest:CertRequest", "admin-request").inputs.subject).toEqual({
      commonName: "homelab-admin",
      organization: "system:masters",
    });
  });

  it.each(["homelab-metal", "homelab"])("writes no secret of stack %s except as [secret]", async (stack) => {
    const files = renderFiles(await renderStack(stack), false);
    const revealed = [...renderFiles(await renderStack(stack), true).values()].join("\n");
    expect(revealed).toMatch(/PRIVATE KEY|mock-password|client-key-data/);
    for (const [path, content] of files) {
      expect([path, content]).not.toEqual([path, expect.stringMatching(/PRIVATE KEY|mock-password|::server:|::node:|client-key-data|<secure /)]);
    }
  });
});
