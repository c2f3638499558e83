import { type ComponentNode, componentTree } from "./component-tree";
import { mermaidTree } from "./mermaid";
import { sumRequests } from "./requests";
import type { RecordedResource, Recording } from "./run-under-mocks";
import { isPlainObject } from "./secret";

const VM = "proxmoxve:index/vmLegacy:VmLegacy";

/**
 * The component tree (with how many resources each owns), then what the stack adds: for a
 * stack that builds VMs, the VMs and the API address; otherwise the requests and endpoints.
 */
export function summarize(recording: Recording): string {
  const lines = treeLines(recording);
  const vms = vmsOf(recording);
  lines.push(...(vms.length > 0 ? clusterLines(vms, recording.outputs) : platformLines(recording)));
  return lines.join("\n");
}

function platformLines(recording: Recording): string[] {
  const endpoints = endpointsOf(recording);
  return [
    requestsLine(recording),
    ...addressLines(recording.outputs),
    endpoints.length > 0 ? "endpoints:" : "endpoints: none yet",
    ...endpoints.map(([name, url]) => `  ${name}: ${url}`),
  ];
}

/** Where people reach the platform: the load balancer it chose and the DNS server, when it runs one. */
function addressLines(outputs: Record<string, unknown>): string[] {
  const loadBalancer = loadBalancerLine(outputs.loadBalancer);
  return [
    ...(loadBalancer ? [loadBalancer] : []),
    ...(typeof outputs.dnsServer === "string" ? [`dns server: ${outputs.dnsServer}, answering every endpoint's host`] : []),
  ];
}

function vmsOf(recording: Recording): RecordedResource[] {
  return recording.resources.filter((r) => r.type === VM);
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

/**
 * `summary.md` of a render: the tree, the chart versions, what the stack asks for (the VMs
 * of a cluster builder, else the requests, the load balancer and the DNS server), the
 * endpoints and the hosts lines, and the Mermaid diagram of the components: what
 * {@link summarize} prints, as Markdown.
 */
export function summaryMarkdown(recording: Recording): string {
  const endpoints = endpointsOf(recording);
  const hosts = Array.isArray(recording.outputs.hostsEntries) ? recording.outputs.hostsEntries.map(String) : [];
  const charts = chartsOf(componentTree(recording));
  const vms = vmsOf(recording);
  const addresses = addressLines(recording.outputs);
  return [
    `# ${recording.stack} (project ${recording.project})`,
    "",
    "```text",
    ...treeLines(recording),
    "```",
    "",
    "## Charts",
    "",
    ...(charts.length > 0 ? ["| Chart | Version |", "| --- | --- |", ...charts.map(([chart, version]) => `| ${chart} | ${version} |`)] : ["none"]),
    "",
    ...(vms.length > 0
      ? ["## VMs", "", "```text", ...clusterLines(vms, recording.outputs), "```"]
      : ["## Requests", "", requestsLine(recording), ...(addresses.length > 0 ? ["", "## Load balancer and DNS", "", ...addresses.map((line) => `- ${line}`)] : [])]),
    "",
    "## Endpoints",
    "",
    ...(endpoints.length > 0 ? endpoints.map(([name, url]) => `- ${name}: ${url}`) : ["none yet"]),
    "",
    "## Hosts lines",
    "",
    ...(hosts.length > 0 ? ["```text", ...hosts, "```"] : ["none"]),
    "",
    "## Components",
    "",
    "```mermaid",
    mermaidTree(componentTree(recording)),
    "```",
    "",
  ].join("\n");
}

function treeLines(recording: Recording): string[] {
  const lines = [`${recording.stack} (project ${recording.project}): ${recording.resources.length} resources`];
  const walk = (nodes: readonly ComponentNode[], indent: string): void => {
    for (const node of nodes) {
      lines.push(`${indent}${node.name} (${node.label})${node.resources ? `: ${node.resources} resources` : ""}`);
      walk(node.children, `${indent}  `);
    }
  };
  walk(componentTree(recording), "  ");
  return lines;
}

function requestsLine(recording: Recording): string {
  const requests = sumRequests(recording, 1);
  return `requests (DaemonSets counted once): ${requests.cpu.toFixed(2)} CPU, ${(requests.memoryBytes / 2 ** 30).toFixed(2)} GiB`;
}

function endpointsOf(recording: Recording): [string, string][] {
  return isPlainObject(recording.outputs.endpoints) ? Object.entries(recording.outputs.endpoints).map(([name, url]) => [name, String(url)]) : [];
}

/** [chart, version] of every chart in the tree, in install order. */
function chartsOf(nodes: readonly ComponentNode[]): [string, string][] {
  return nodes.flatMap((node) => {
    const [kind, chart, version] = node.label.split(" ");
    return [...(kind === "chart" ? [[chart!, version!] as [string, string]] : []), ...chartsOf(node.children)];
  });
}

/** Which load balancer the stack chose, and what a tunnel needs from the person running it. */
function loadBalancerLine(output: unknown): string | undefined {
  if (!isPlainObject(output)) return undefined;
  const pools = Array.isArray(output.pools) ? `, pools ${output.pools.join(", ")}` : "";
  const tunnel = typeof output.keepRunning === "string" ? `; \`${output.keepRunning}\` must keep running while the platform is used` : "";
  return `load balancer: ${String(output.kind)}, ingress at ${String(output.address)}${pools}${tunnel}`;
}
