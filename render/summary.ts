import { type ComponentNode, componentTree } from "./component-tree";
import { mermaidTree } from "./mermaid";
import { sumRequests } from "./requests";
import type { Recording } from "./run-under-mocks";
import { isPlainObject } from "./secret";

/** The component tree (with how many resources each owns) and the endpoints. */
export function summarize(recording: Recording): string {
  const lines = treeLines(recording);
  lines.push(requestsLine(recording));
  const endpoints = endpointsOf(recording);
  lines.push(endpoints.length > 0 ? "endpoints:" : "endpoints: none yet");
  for (const [name, url] of endpoints) lines.push(`  ${name}: ${url}`);
  return lines.join("\n");
}

/**
 * `summary.md` of a render: the tree, the chart versions, the requests, the endpoints and
 * the hosts lines, and the Mermaid diagram of the components.
 */
export function summaryMarkdown(recording: Recording): string {
  const endpoints = endpointsOf(recording);
  const hosts = Array.isArray(recording.outputs.hostsEntries) ? recording.outputs.hostsEntries.map(String) : [];
  const charts = chartsOf(componentTree(recording));
  return [
    `# ${recording.project}-${recording.stack}`,
    "",
    "```text",
    ...treeLines(recording),
    "```",
    "",
    "## Charts",
    "",
    ...(charts.length > 0 ? ["| Chart | Version |", "| --- | --- |", ...charts.map(([chart, version]) => `| ${chart} | ${version} |`)] : ["none"]),
    "",
    "## Requests",
    "",
    requestsLine(recording),
    "",
    "## Endpoints",
    "",
    ...(endpoints.length > 0 ? endpoints.map(([name, url]) => `- ${name}: ${url}`) : ["none yet"]),
    "",
    "## Hosts lines",
    "",
    ...(hosts.length > 0 ? ["```text", ...hosts, "```"] : ["none (DNS answers for the domain)"]),
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
  const lines = [`${recording.project}-${recording.stack}: ${recording.resources.length} resources`];
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
