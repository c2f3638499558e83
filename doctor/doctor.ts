import { isClusterLayout } from "../stacks/metal-config";
import type { TargetName } from "../stacks/targets/target-facts";
import { fail, pass, type CheckResult } from "./check";
import { capacityCheck } from "./checks/capacity";
import { wslGpuChecks } from "./checks/gpu";
import { ingressCheck } from "./checks/ingress";
import { metalOutputsCheck, type MetalOutputs } from "./checks/metal-outputs";
import { poolChecks } from "./checks/pool";
import { storageClassCheck } from "./checks/storage-class";
import { versionCheck } from "./checks/version";
import { readClusterFacts, type ClusterFacts } from "./cluster-facts";
import { KubeClient, KubeStatusError } from "./kube-client";
import { connectionFromFiles, connectionFromText, kubeconfigFiles, type ConnectionOrProblem } from "./kubeconfig";
import type { PlatformConfig, StackPlan } from "./plan";
import type { ReadStackOutputs } from "./pulumi-outputs";
import type { Probe } from "./tcp-probe";

/** What the doctor reaches beyond the stack file; tests give their own. */
export interface DoctorEnvironment {
  /** For $KUBECONFIG. */
  readonly env: NodeJS.ProcessEnv;
  /** For ~/.kube/config. */
  readonly home: string;
  readonly readStackOutputs: ReadStackOutputs;
  readonly probe: Probe;
  /** Where Traefik answers (443) and where every node listens (the kubelet, 10250). */
  readonly ports: { readonly https: number; readonly node: number };
}

/** Every check for one stack, in the order they are reported. */
export async function runDoctor(plan: StackPlan, environment: DoctorEnvironment): Promise<CheckResult[]> {
  const stackFile = `Pulumi.${plan.stack}.yaml`;
  if (plan.kind === "invalid") {
    return plan.problems.map((problem) => fail("stack file", problem, `fix ${stackFile}`));
  }
  if (plan.kind === "metal") {
    return [pass("stack file", `${stackFile} is valid; it builds the cluster, so there is no cluster to check yet`)];
  }
  const results = [pass("stack file", `${stackFile} is valid (target ${plan.config.target})`)];
  const metal = await metalOutputs(plan.config, environment);
  if (metal) results.push(...metal.results);
  const found = connectionFor(plan.config, metal, environment);
  if ("problem" in found) return [...results, found.problem];
  const client = new KubeClient(found.connection);
  const where = `context ${found.connection.context} at ${client.server}`;
  let facts: ClusterFacts;
  try {
    facts = await readClusterFacts(client);
  } catch (error) {
    return [...results, fail("cluster API", `${where}: ${(error as Error).message}`, apiFix(plan.config.target, error))];
  }
  results.push(pass("cluster API", `${where} answers (${found.connection.source})`));
  return [...results, ...(await clusterChecks(plan, facts, metal, environment))];
}

async function clusterChecks(
  plan: Extract<StackPlan, { kind: "platform" }>,
  facts: ClusterFacts,
  metal: MetalOutputs | undefined,
  environment: DoctorEnvironment,
): Promise<CheckResult[]> {
  const { config, ownNamespaces } = plan;
  const { nodes, services } = facts;
  return [
    versionCheck(facts.version),
    capacityCheck(nodes, plan.demand),
    storageClassCheck(facts.storageClasses, plan.storage),
    ...poolChecks({ loadBalancer: config.loadBalancer, nodes, services, ownNamespaces, networkChecked: metal?.facts !== undefined }),
    ...(config.target === "wsl2" && config.features.gpu ? wslGpuChecks(facts) : []),
    await ingressCheck({ target: config.target, loadBalancer: config.loadBalancer, nodes, services, ownNamespaces, probe: environment.probe, ports: environment.ports }),
  ];
}

/** The outputs of the stack that builds this stack's cluster, when it has one. */
async function metalOutputs(config: PlatformConfig, environment: DoctorEnvironment): Promise<MetalOutputs | undefined> {
  const cluster = config.cluster;
  if (!cluster || isClusterLayout(cluster)) return undefined;
  return metalOutputsCheck(cluster.stack, await environment.readStackOutputs(cluster.stack), config);
}

/**
 * The metal stack's kubeconfig output when there is one; else the kubeconfig files and
 * context the stack names, as `pulumi up` would use them.
 */
function connectionFor(config: PlatformConfig, metal: MetalOutputs | undefined, environment: DoctorEnvironment): ConnectionOrProblem {
  if (metal?.kubeconfig) return connectionFromText(metal.kubeconfig, undefined, `the kubeconfig output of stack ${metal.stack}`);
  return connectionFromFiles(kubeconfigFiles(config.kubernetes.kubeconfig, environment.env, environment.home), config.kubernetes.context);
}

const START: Readonly<Record<TargetName, string>> = {
  minikube: "start it: `minikube start` (`minikube status` says what runs)",
  wsl2: "start k3s inside the WSL2 distribution: `sudo systemctl start k3s`",
  "bare-metal": "check that the VMs run and kube-vip holds the API VIP (`pulumi up` of the metal stack waits for it)",
};

function apiFix(target: TargetName, error: unknown): string {
  if (error instanceof KubeStatusError && [401, 403].includes(error.answer.status)) {
    return "the credentials were refused or lack rights: use an admin kubeconfig for the context (k3s: /etc/rancher/k3s/k3s.yaml)";
  }
  return START[target];
}
