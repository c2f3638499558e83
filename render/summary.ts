import { sumRequests } from "./requests";
import type { Recording } from "./run-under-mocks";
import { isPlainObject } from "./secret";

/** The component tree (with how many resources each owns) and the endpoints. */
export function summarize(recording: Recording): string {
  const lines = [`${recording.project}-${recording.stack}: ${recording.resources.length} resources`];
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
  const requests = sumRequests(recording, 1);
  lines.push(`requests (DaemonSets counted once): ${requests.cpu.toFixed(2)} CPU, ${(requests.memoryBytes / 2 ** 30).toFixed(2)} GiB`);
  const loadBalancer = loadBalancerLine(recording.outputs.loadBalancer);
  if (loadBalancer) lines.push(loadBalancer);
  if (typeof recording.outputs.dnsServer === "string") lines.push(`dns server: ${recording.outputs.dnsServer}, answering every endpoint's host`);
  const endpoints = isPlainObject(recording.outputs.endpoints) ? Object.entries(recording.outputs.endpoints) : [];
  lines.push(endpoints.length > 0 ? "endpoints:" : "endpoints: none yet");
  for (const [name, url] of endpoints) lines.push(`  ${name}: ${String(url)}`);
  return lines.join("\n");
}

/** Which load balancer the stack chose, and what a tunnel needs from the person running it. */
function loadBalancerLine(output: unknown): string | undefined {
  if (!isPlainObject(output)) return undefined;
  const pools = Array.isArray(output.pools) ? `, pools ${output.pools.join(", ")}` : "";
  const tunnel = typeof output.keepRunning === "string" ? `; \`${output.keepRunning}\` must keep running while the platform is used` : "";
  return `load balancer: ${String(output.kind)}, ingress at ${String(output.address)}${pools}${tunnel}`;
}
