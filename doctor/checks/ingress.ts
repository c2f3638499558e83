import type { LoadBalancerConfig } from "../../stacks/load-balancer-config";
import type { TargetName } from "../../stacks/targets/target-facts";
import { fail, pass, warn, type CheckResult } from "../check";
import type { NodeFacts, ServiceFacts } from "../cluster-facts";
import type { Probe } from "../tcp-probe";

const CHECK = "ingress from this host";

export interface IngressCheckInput {
  readonly target: TargetName;
  readonly loadBalancer: LoadBalancerConfig & { readonly ingressAddress: string };
  readonly nodes: readonly NodeFacts[];
  readonly services: readonly ServiceFacts[];
  readonly ownNamespaces: ReadonlySet<string>;
  readonly probe: Probe;
  /** Where Traefik answers (443) and where every node listens (the kubelet, 10250). */
  readonly ports: { readonly https: number; readonly node: number };
}

/**
 * minikube's tunnel mode: Services of type LoadBalancer get an address (127.0.0.1 with the
 * docker driver) only while `minikube tunnel` runs: `loadBalancer.kind` `tunnel`, or minikube
 * with the built-in load balancer.
 */
export function usesMinikubeTunnel(target: TargetName, loadBalancer: LoadBalancerConfig): boolean {
  return target === "minikube" && (loadBalancer.kind === "tunnel" || loadBalancer.kind === "builtin");
}

/** Whether people on this host will reach the ingress, and what to run when they will not. */
export function ingressCheck(input: IngressCheckInput): Promise<CheckResult> {
  return usesMinikubeTunnel(input.target, input.loadBalancer) ? tunnelCheck(input) : directCheck(input);
}

async function tunnelCheck(input: IngressCheckInput): Promise<CheckResult> {
  const balanced = input.services.filter((s) => s.type === "LoadBalancer");
  const run = "run `minikube tunnel` in another terminal and leave it running";
  const pending = balanced.filter((s) => s.pending);
  if (pending.length > 0) {
    return fail(CHECK, `${pending.map((s) => `${s.namespace}/${s.name}`).join(", ")} has no address: \`minikube tunnel\` is not running`, run);
  }
  const own = balanced.find((s) => input.ownNamespaces.has(s.namespace) && s.addresses.length > 0);
  if (!own) {
    return warn(CHECK, "no LoadBalancer Service yet; the ingress gets its address only while `minikube tunnel` runs", `before \`pulumi up\`, ${run}`);
  }
  return answerCheck(input, own.addresses[0]!, run);
}

async function directCheck(input: IngressCheckInput): Promise<CheckResult> {
  const address = input.loadBalancer.ingressAddress;
  // k3s's ServiceLB reports the node's own address, not the one people reach it by.
  const deployed = input.services.some((s) => s.type === "LoadBalancer" && input.ownNamespaces.has(s.namespace) && s.addresses.length > 0);
  if (deployed) return answerCheck(input, address, unreachableFix(input));
  if (input.loadBalancer.kind === "builtin") {
    return pass(CHECK, `nothing deployed yet; the built-in load balancer will answer on ${address}`);
  }
  const node = input.nodes.flatMap((n) => n.addresses)[0];
  if (!node) return warn(CHECK, "no node reports an address, so whether this host reaches their network is unknown", "`kubectl get nodes -o wide`");
  const answer = await input.probe(node, input.ports.node);
  if (answer.answers) {
    return pass(CHECK, `nothing deployed yet; this host reaches the nodes' network (${node}), where MetalLB will announce ${address}`);
  }
  return fail(CHECK, `this host does not reach the nodes' network: ${node}:${input.ports.node} ${answer.reason}; ${address} would not answer here`, unreachableFix(input));
}

async function answerCheck(input: IngressCheckInput, address: string, fix: string): Promise<CheckResult> {
  const answer = await input.probe(address, input.ports.https);
  if (answer.answers) return pass(CHECK, `${address}:${input.ports.https} answers`);
  return fail(CHECK, `${address}:${input.ports.https} does not answer (${answer.reason})`, fix);
}

function unreachableFix(input: IngressCheckInput): string {
  if (input.target === "minikube") {
    return "with the docker driver on macOS or Windows minikube's network is not reachable from the host: set `loadBalancer.kind: tunnel` in the stack file and run `minikube tunnel`";
  }
  if (input.target === "wsl2") return "check that k3s's ServiceLB pods run (`kubectl -n kube-system get pods -l svccontroller.k3s.cattle.io/svcname`) and WSL's localhost forwarding is on";
  return "route this host to the nodes' network, or run the doctor from a machine on it";
}
