import { sumRequests } from "./requests";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { isPlainObject } from "./secret";

const VM = "proxmoxve:index/vmLegacy:VmLegacy";

/**
 * The component tree (with how many resources each owns), then what the stack adds: for a
 * stack that builds VMs, the VMs and the API address; otherwise the requests and endpoints.
 */
export function summarize(recording: Recording): string {
  const lines = [`${recording.stack} (project ${recording.project}): ${recording.resources.length} resources`, ...componentTree(recording)];
  const vms = recording.resources.filter((r) => r.type === VM);
  lines.push(...(vms.length > 0 ? clusterLines(vms, recording.outputs) : platformLines(recording)));
  return lines.join("\n");
}

function componentTree(recording: Recording): string[] {
  const lines: string[] = [];
  const children = new Map<string | null, string[]>();
  const types = new Map<string, string>();
  const owned = new Map<string | null, number>();
  for (const r of recording.resources) {
    if (r.custom) {
      owned.set(r.parent, (owned.get(r.parent) ?? 0) + 1);
      continue;
    }
    types.set(r.name, r.type === "kubernetes:helm.sh/v4:Chart" ? `chart ${String(r.inputs.chart)} ${String(r.inputs.version)}` : r.type);
    children.set(r.parent, [...(children.get(r.parent) ?? []), r.name]);
  }
  const walk = (parent: string | null, indent: string): void => {
    for (const name of children.get(parent) ?? []) {
      const count = owned.get(name);
      lines.push(`${indent}${name} (${types.get(name)})${count ? `: ${count} resources` : ""}`);
      walk(name, `${indent}  `);
    }
  };
  walk(null, "  ");
  return lines;
}

function platformLines(recording: Recording): string[] {
  const requests = sumRequests(recording, 1);
  const endpoints = isPlainObject(recording.outputs.endpoints) ? Object.entries(recording.outputs.endpoints) : [];
  return [
    `requests (DaemonSets counted once): ${requests.cpu.toFixed(2)} CPU, ${(requests.memoryBytes / 2 ** 30).toFixed(2)} GiB`,
    endpoints.length > 0 ? "endpoints:" : "endpoints: none yet",
    ...endpoints.map(([name, url]) => `  ${name}: ${String(url)}`),
  ];
}

interface VmSize {
  readonly name: string;
  readonly proxmoxNode: string;
  readonly cores: number;
  readonly memoryMb: number;
  readonly diskGb: number;
}

function vmSize(vm: RecordedResource): VmSize {
  const inputs = vm.inputs as { name: string; nodeName: string; cpu: { cores: number }; memory: { dedicated: number }; disks: { size: number }[] };
  return {
    name: inputs.name,
    proxmoxNode: inputs.nodeName,
    cores: inputs.cpu.cores,
    memoryMb: inputs.memory.dedicated,
    diskGb: inputs.disks.reduce((sum, disk) => sum + disk.size, 0),
  };
}

/** What the VMs take from Proxmox, each and in total, and where the API answers. */
function clusterLines(vms: readonly RecordedResource[], outputs: Record<string, unknown>): string[] {
  const sizes = vms.map(vmSize);
  const describe = (s: Omit<VmSize, "name" | "proxmoxNode">) => `${s.cores} cores, ${(s.memoryMb / 1024).toFixed(1)} GiB memory, ${s.diskGb} GB disk`;
  const total = sizes.reduce((sum, s) => ({ cores: sum.cores + s.cores, memoryMb: sum.memoryMb + s.memoryMb, diskGb: sum.diskGb + s.diskGb }), {
    cores: 0,
    memoryMb: 0,
    diskGb: 0,
  });
  return [
    `VMs: ${sizes.length}, ${describe(total)}`,
    ...sizes.map((s) => `  ${s.name} on ${s.proxmoxNode}: ${describe(s)}`),
    `API: ${String(outputs.apiServer)} (VIP ${String(outputs.apiVip)})`,
  ];
}
