import { describe, expect, it } from "vitest";
import { pciMappingArgs } from "./gpu-passthrough";
import { vmArgs, type NodeNetwork, type VmSpec } from "./proxmox-vm";

const spec: VmSpec = {
  name: "agent-1",
  vmId: 9111,
  role: "agent",
  address: "10.0.10.21",
  proxmoxNode: "pve2",
  cores: 4,
  memoryMb: 8192,
  diskGb: 64,
};
const staticNetwork: NodeNetwork = { prefixLength: 24, gateway: "10.0.10.1", bridge: "vmbr0", dhcp: false };
const sources = { imageFileId: "local:import/ubuntu.qcow2", userDataFileId: "local:snippets/agent-1.yaml", disksDatastore: "local-lvm" };

describe("vmArgs", () => {
  const args = vmArgs(spec, staticNetwork, sources);

  it("sizes and places the VM, boots the imported image with its user-data and the guest agent", () => {
    expect(args).toMatchObject({
      nodeName: "pve2",
      vmId: 9111,
      name: "agent-1",
      tags: ["agent", "homelab", "k3s"],
      cpu: { type: "host", cores: 4 },
      memory: { dedicated: 8192, floating: 0 },
      agent: { enabled: true },
      disks: [{ interface: "scsi0", datastoreId: "local-lvm", importFrom: "local:import/ubuntu.qcow2", size: 64 }],
      onBoot: true,
      started: true,
    });
    expect(args.initialization).toEqual({
      datastoreId: "local-lvm",
      ipConfigs: [{ ipv4: { address: "10.0.10.21/24", gateway: "10.0.10.1" } }],
      dns: { servers: ["10.0.10.1"] },
      userDataFileId: "local:snippets/agent-1.yaml",
    });
    expect(args).not.toHaveProperty("machine");
    expect(args).not.toHaveProperty("hostpcis");
  });

  it("asks DHCP for the reserved address of the configured MAC, on the VLAN", () => {
    const dhcp = vmArgs({ ...spec, mac: "bc:24:11:00:91:11" }, { prefixLength: 24, bridge: "vmbr1", vlan: 10, dhcp: true, dns: ["1.1.1.1"] }, sources);
    expect(dhcp.networkDevices).toEqual([{ model: "virtio", bridge: "vmbr1", vlanId: 10, macAddress: "bc:24:11:00:91:11" }]);
    expect(dhcp.initialization).toMatchObject({ ipConfigs: [{ ipv4: { address: "dhcp" } }], dns: { servers: ["1.1.1.1"] } });
  });

  it("passes the mapped GPU through as PCIe with its ROM, on a q35 machine", () => {
    const gpu = vmArgs({ ...spec, role: "gpu" }, staticNetwork, { ...sources, pciMapping: "gpu-gpu-1" });
    expect(gpu.machine).toBe("q35");
    expect(gpu.hostpcis).toEqual([{ device: "hostpci0", mapping: "gpu-gpu-1", pcie: true, rombar: true }]);
  });
});

describe("pciMappingArgs", () => {
  it("maps the GPU's address and ids on its Proxmox node", () => {
    expect(pciMappingArgs("gpu-gpu-1", { address: "0000:01:00.0", id: "10de:2684", subsystemId: "1043:88e2", iommuGroup: 14 }, "pve2")).toEqual({
      name: "gpu-gpu-1",
      comment: "GPU for the homelab GPU node; managed by Pulumi",
      maps: [{ node: "pve2", path: "0000:01:00.0", id: "10de:2684", subsystemId: "1043:88e2", iommuGroup: 14 }],
    });
  });
});
