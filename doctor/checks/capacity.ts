import type { Requests } from "../../render/requests";
import { fail, pass, warn, type CheckResult } from "../check";
import type { NodeFacts } from "../cluster-facts";

const CHECK = "CPU and memory";

/**
 * Above this share of what the nodes can allocate, the platform still fits on paper, but
 * what already runs there (kube-system, the distribution's add-ons) may leave it short.
 */
const TIGHT = 0.8;

/** What the nodes that take pods can allocate, against what this stack's render requests. */
export function capacityCheck(nodes: readonly NodeFacts[], demand: (nodes: number) => Requests): CheckResult {
  const usable = nodes.filter((n) => n.ready && n.schedulable);
  if (usable.length === 0) {
    return fail(CHECK, `none of ${nodes.length} nodes is Ready and schedulable`, "`kubectl get nodes`: start or uncordon a node");
  }
  const have = { cpu: sum(usable.map((n) => n.cpu)), memoryBytes: sum(usable.map((n) => n.memoryBytes)) };
  const want = demand(usable.length);
  const found =
    `requests ${want.cpu.toFixed(2)} CPU, ${gib(want.memoryBytes)} GiB of ${have.cpu.toFixed(2)} CPU, ${gib(have.memoryBytes)} GiB ` +
    `allocatable on ${usable.length} node${usable.length === 1 ? "" : "s"}`;
  const share = Math.max(want.cpu / have.cpu, want.memoryBytes / have.memoryBytes);
  if (!(share <= 1)) return fail(CHECK, found, "give the nodes more CPU and memory (minikube: `minikube start --cpus … --memory …`), or set homelab:sizing lean");
  if (share > TIGHT) return warn(CHECK, `${found}: over ${TIGHT * 100}%`, "what already runs on the nodes may leave pods Pending; give the nodes more room");
  return pass(CHECK, found);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(2);
}
