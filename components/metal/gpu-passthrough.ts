import type * as proxmoxve from "@muhlba91/pulumi-proxmoxve";

/**
 * The GPU as a Proxmox PCI resource mapping. A VM may name a mapping with an API token,
 * whereas passing a raw PCI id needs root@pam with a password.
 */

/** The GPU as `lspci -Dnn` shows it on its Proxmox node. */
export interface GpuDevice {
  /** `0000:01:00.0` */
  readonly address: string;
  /** vendor:device, `10de:2684` */
  readonly id: string;
  /** Subsystem vendor:device; without it Proxmox calls the mapping incomplete. */
  readonly subsystemId?: string;
  readonly iommuGroup?: number;
}

export function pciMappingArgs(mappingName: string, gpu: GpuDevice, proxmoxNode: string): proxmoxve.hardware.mapping.PciArgs {
  return {
    name: mappingName,
    comment: "GPU for the homelab GPU node; managed by Pulumi",
    maps: [
      {
        node: proxmoxNode,
        path: gpu.address,
        id: gpu.id,
        ...(gpu.subsystemId !== undefined && { subsystemId: gpu.subsystemId }),
        ...(gpu.iommuGroup !== undefined && { iommuGroup: gpu.iommuGroup }),
      },
    ],
  };
}
