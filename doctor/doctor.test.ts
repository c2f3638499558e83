import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../stacks/config";
import type { Target } from "../stacks/targets/target";
import { exitCodeOf, type CheckResult } from "./check";
import { runDoctor, type DoctorEnvironment } from "./doctor";
import type { StackPlan } from "./plan";
import type { PulumiOutputs } from "./pulumi-outputs";
import { selfSigned, type KeyPair } from "./testing/certificates";
import { healthyMinikube, node, runtimeClass, service, storageClass } from "./testing/cluster-objects";
import { FakeKubeApi, type FakeCluster } from "./testing/fake-kube-api";

/**
 * The doctor against a fake API server over HTTPS: a CA and client certificate made with
 * openssl, a kubeconfig written as minikube or k3s would, and the cluster's objects
 * changed per case. What the host reaches is a fake probe, answering for listed addresses.
 */

const scratch = mkdtempSync(join(tmpdir(), "homelab-doctor-"));
const TOKEN = "token-of-the-test";
let serverPair: KeyPair;
let clientPair: KeyPair;
let otherCa: KeyPair;
let api: FakeKubeApi | undefined;

beforeAll(() => {
  serverPair = selfSigned(scratch, "server", "/CN=kube-apiserver", ["subjectAltName=IP:127.0.0.1", "basicConstraints=critical,CA:TRUE"]);
  clientPair = selfSigned(scratch, "admin", "/O=system:masters/CN=minikube-user");
  otherCa = selfSigned(scratch, "other", "/CN=someone-else", ["basicConstraints=critical,CA:TRUE"]);
});
afterEach(async () => {
  await api?.close();
  api = undefined;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MINIKUBE_STORAGE: Target["storage"] = {
  rwo: { className: "standard", provisioner: "builtin" },
  rwx: { className: "standard", provisioner: "builtin" },
};

function plan(values: Record<string, unknown>, storage: Target["storage"] = MINIKUBE_STORAGE): StackPlan {
  const result = parseConfig({ domain: "homelab.test", ...values });
  if (!result.ok || !("config" in result)) throw new Error(`not a platform config: ${JSON.stringify(result)}`);
  return {
    kind: "platform",
    stack: "test",
    config: result.config,
    storage,
    // A Deployment and a DaemonSet, so the node count matters.
    demand: (nodes) => ({ cpu: 1.5 + 0.5 * nodes, memoryBytes: (3 + nodes) * 2 ** 30, parts: [] }),
    ownNamespaces: new Set(["traefik", "metallb-system"]),
  };
}

const MINIKUBE_PLAN = plan({
  target: "minikube",
  loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }], ingressAddress: "192.168.49.200" },
});

interface Setup {
  readonly cluster?: FakeCluster;
  /** The kubeconfig's user entry; default: the client certificate. */
  readonly user?: Record<string, unknown>;
  readonly context?: string;
  readonly ca?: string;
  /** `host:port` that answer from this host. */
  readonly reachable?: readonly string[];
  readonly outputs?: PulumiOutputs;
}

async function startApi(cluster: FakeCluster = healthyMinikube()): Promise<FakeKubeApi> {
  api = await FakeKubeApi.start(serverPair, clientPair.cert, TOKEN, cluster);
  return api;
}

function kubeconfig(url: string, setup: Setup): string {
  const user = setup.user ?? {
    "client-certificate-data": Buffer.from(clientPair.cert).toString("base64"),
    "client-key-data": Buffer.from(clientPair.key).toString("base64"),
  };
  const context = setup.context ?? "minikube";
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": context,
    clusters: [{ name: "cluster", cluster: { server: url, "certificate-authority-data": Buffer.from(setup.ca ?? serverPair.cert).toString("base64") } }],
    users: [{ name: "user", user }],
    contexts: [{ name: context, context: { cluster: "cluster", user: "user" } }],
  });
}

function environment(kubeconfigFile: string, setup: Setup): DoctorEnvironment {
  const reachable = setup.reachable ?? ["192.168.49.2:10250"];
  return {
    env: { KUBECONFIG: kubeconfigFile },
    home: scratch,
    readStackOutputs: async () => setup.outputs ?? { kind: "no-pulumi" },
    probe: async (host, port) => (reachable.includes(`${host}:${port}`) ? { answers: true } : { answers: false, reason: "ETIMEDOUT" }),
    ports: { https: 443, node: 10250 },
  };
}

async function doctor(stackPlan: StackPlan, setup: Setup = {}): Promise<CheckResult[]> {
  const fake = api ?? (await startApi(setup.cluster));
  const file = join(scratch, `kubeconfig-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, kubeconfig(fake.url, setup));
  return runDoctor(stackPlan, environment(file, setup));
}

/** Each line as `status check`, for the lines whose outcome a case is about. */
function statuses(results: readonly CheckResult[]): string[] {
  return results.map((r) => `${r.status} ${r.check}`);
}

function line(results: readonly CheckResult[], check: string): CheckResult {
  const found = results.filter((r) => r.check === check);
  if (found.length !== 1) throw new Error(`expected one "${check}" line, got ${JSON.stringify(results, null, 2)}`);
  return found[0]!;
}

describe("doctor on a healthy minikube", () => {
  it("passes every check and exits 0", async () => {
    const results = await doctor(MINIKUBE_PLAN);
    expect(statuses(results)).toEqual([
      "pass stack file",
      "pass cluster API",
      "pass Kubernetes version",
      "pass CPU and memory",
      "pass StorageClass",
      "pass load-balancer pool",
      "pass ingress from this host",
    ]);
    expect(line(results, "CPU and memory").detail).toBe("requests 2.00 CPU, 4.00 GiB of 4.00 CPU, 8.00 GiB allocatable on 1 node");
    expect(exitCodeOf(results)).toBe(0);
  });

  it("authenticates with a bearer token as well as a client certificate", async () => {
    const results = await doctor(MINIKUBE_PLAN, { user: { token: TOKEN } });
    expect(line(results, "cluster API").status).toBe("pass");
  });
});

describe("doctor fails, saying what to do, when", () => {
  it("the context is not in the kubeconfig", async () => {
    const results = await doctor(MINIKUBE_PLAN, { context: "kind-kind" });
    expect(line(results, "kubeconfig context").detail).toMatch(/^no context minikube in .*; contexts there: kind-kind$/);
    expect(statuses(results)).toEqual(["pass stack file", "fail kubeconfig context"]);
  });

  it("the API does not answer", async () => {
    const fake = await startApi();
    const url = fake.url;
    await fake.close();
    api = undefined;
    const file = join(scratch, "kubeconfig-closed");
    writeFileSync(file, kubeconfig(url, {}));
    const results = await runDoctor(MINIKUBE_PLAN, environment(file, {}));
    expect(line(results, "cluster API")).toMatchObject({ status: "fail", fix: "start it: `minikube start` (`minikube status` says what runs)" });
    expect(line(results, "cluster API").detail).toContain("ECONNREFUSED");
  });

  it("the API's certificate is not signed by the kubeconfig's CA", async () => {
    const results = await doctor(MINIKUBE_PLAN, { ca: otherCa.cert });
    expect(line(results, "cluster API").status).toBe("fail");
    expect(line(results, "cluster API").detail).toMatch(/certificate/);
  });

  it("the credentials are refused", async () => {
    const results = await doctor(MINIKUBE_PLAN, { user: { token: "stale" } });
    expect(line(results, "cluster API")).toMatchObject({ status: "fail", fix: expect.stringMatching(/^the credentials were refused/) });
    expect(line(results, "cluster API").detail).toMatch(/answered 401: Unauthorized$/);
  });

  it("the Kubernetes version is older than the supported range", async () => {
    const results = await doctor(MINIKUBE_PLAN, { cluster: { ...healthyMinikube(), gitVersion: "v1.27.3" } });
    expect(line(results, "Kubernetes version")).toMatchObject({ status: "fail", detail: "v1.27.3 is older than 1.29–1.36" });
    expect(exitCodeOf(results)).toBe(1);
  });

  it("the nodes cannot allocate what the stack requests", async () => {
    const results = await doctor(MINIKUBE_PLAN, { cluster: { ...healthyMinikube(), nodes: [node("minikube", { cpu: "1500m" })] } });
    expect(line(results, "CPU and memory")).toMatchObject({
      status: "fail",
      detail: "requests 2.00 CPU, 4.00 GiB of 1.50 CPU, 8.00 GiB allocatable on 1 node",
    });
  });

  it("the Ready, schedulable nodes cannot: cordoned and NotReady ones do not count", async () => {
    const nodes = [node("minikube", { cpu: "1" }), node("cordoned", { unschedulable: true }), node("down", { ready: false })];
    const results = await doctor(MINIKUBE_PLAN, { cluster: { ...healthyMinikube(), nodes } });
    expect(line(results, "CPU and memory")).toMatchObject({ status: "fail", detail: expect.stringContaining("of 1.00 CPU, 8.00 GiB allocatable on 1 node") });
  });

  it("the class the distribution ships is missing", async () => {
    const results = await doctor(MINIKUBE_PLAN, { cluster: { ...healthyMinikube(), storageClasses: [storageClass("fast", true)] } });
    expect(line(results, "StorageClass")).toMatchObject({
      status: "fail",
      detail: "no standard, which the distribution ships; the cluster has: fast",
    });
  });

  it("a node or another Service holds a pool address", async () => {
    const cluster = {
      ...healthyMinikube(),
      nodes: [node("minikube"), node("minikube-m02", { address: "192.168.49.201" })],
      services: [service("traefik", "traefik", { ip: "192.168.49.200" }), service("other", "game-server", { ip: "192.168.49.210" })],
    };
    const results = await doctor(MINIKUBE_PLAN, { cluster, reachable: ["192.168.49.2:10250", "192.168.49.200:443"] });
    expect(results.filter((r) => r.check === "load-balancer pool").map((r) => `${r.status}: ${r.detail}`)).toEqual([
      "fail: 192.168.49.200-192.168.49.250 contains an address in use by node minikube-m02 (192.168.49.201)",
      "fail: 192.168.49.200-192.168.49.250 contains an address in use by Service other/game-server (192.168.49.210)",
    ]);
  });

  it("this host does not reach the nodes' network, where MetalLB would answer", async () => {
    const results = await doctor(MINIKUBE_PLAN, { reachable: [] });
    expect(line(results, "ingress from this host")).toMatchObject({
      status: "fail",
      detail: "this host does not reach the nodes' network: 192.168.49.2:10250 ETIMEDOUT; 192.168.49.200 would not answer here",
      fix: expect.stringContaining("`minikube tunnel`"),
    });
  });

  it("the deployed ingress does not answer", async () => {
    const cluster = { ...healthyMinikube(), services: [service("traefik", "traefik", { ip: "192.168.49.200" })] };
    const results = await doctor(MINIKUBE_PLAN, { cluster });
    expect(line(results, "ingress from this host")).toMatchObject({ status: "fail", detail: "192.168.49.200:443 does not answer (ETIMEDOUT)" });
  });
});

describe("doctor warns, and does not fail, when", () => {
  it("the cluster is newer than anyone tried", async () => {
    const results = await doctor(MINIKUBE_PLAN, { cluster: { ...healthyMinikube(), gitVersion: "v1.37.0" } });
    expect(line(results, "Kubernetes version").status).toBe("warn");
    expect(exitCodeOf(results)).toBe(0);
  });

  it("the context authenticates with an exec plugin, and skips the cluster checks", async () => {
    const results = await doctor(MINIKUBE_PLAN, { user: { exec: { command: "aws", args: ["eks", "get-token"] } } });
    expect(statuses(results)).toEqual(["pass stack file", "warn kubeconfig context"]);
    expect(line(results, "kubeconfig context").detail).toMatch(/exec plugin, which the doctor does not run/);
    expect(api!.paths).toEqual([]);
  });

  it("the requests take more than 80 % of what the nodes can allocate", async () => {
    const results = await doctor(MINIKUBE_PLAN, { cluster: { ...healthyMinikube(), nodes: [node("minikube", { cpu: "2400m" })] } });
    expect(line(results, "CPU and memory")).toMatchObject({ status: "warn", detail: expect.stringMatching(/of 2\.40 CPU, 8\.00 GiB allocatable on 1 node: over 80%$/) });
  });

  it("two StorageClasses are marked default, or the default is not the target's", async () => {
    const two = await doctor(MINIKUBE_PLAN, { cluster: { ...healthyMinikube(), storageClasses: [storageClass("standard", true), storageClass("fast", true)] } });
    expect(line(two, "StorageClass")).toMatchObject({ status: "warn", detail: "standard and fast are all marked default" });
    await api!.close();
    api = undefined;
    const other = await doctor(MINIKUBE_PLAN, { cluster: { ...healthyMinikube(), storageClasses: [storageClass("standard"), storageClass("fast", true)] } });
    expect(line(other, "StorageClass")).toMatchObject({ status: "warn", detail: "standard is there but the default is fast" });
  });

  it("the pool lies outside the /24 of every node address", async () => {
    const results = await doctor(MINIKUBE_PLAN, { cluster: { ...healthyMinikube(), nodes: [node("minikube", { address: "192.168.58.2" })] }, reachable: ["192.168.58.2:10250"] });
    expect(line(results, "load-balancer pool")).toMatchObject({ status: "warn", detail: expect.stringMatching(/outside the \/24 of every node address \(192\.168\.58\.2\)/) });
  });
});

describe("doctor with minikube's tunnel", () => {
  const TUNNEL_PLAN = plan({ target: "minikube", loadBalancer: { kind: "builtin", ingressAddress: "127.0.0.1" } });

  it("says to start `minikube tunnel` before the first `pulumi up`", async () => {
    const results = await doctor(TUNNEL_PLAN);
    expect(line(results, "ingress from this host")).toMatchObject({
      status: "warn",
      fix: "before `pulumi up`, run `minikube tunnel` in another terminal and leave it running",
    });
    expect(line(results, "load-balancer pool").status).toBe("pass");
  });

  it("fails while a LoadBalancer Service waits for its address: the tunnel is not running", async () => {
    const results = await doctor(TUNNEL_PLAN, { cluster: { ...healthyMinikube(), services: [service("traefik", "traefik", {})] } });
    expect(line(results, "ingress from this host")).toMatchObject({
      status: "fail",
      detail: "traefik/traefik has no address: `minikube tunnel` is not running",
    });
  });

  it("passes when the tunnel gave the ingress its address and it answers", async () => {
    const cluster = { ...healthyMinikube(), services: [service("traefik", "traefik", { ip: "127.0.0.1" })] };
    const results = await doctor(TUNNEL_PLAN, { cluster, reachable: ["127.0.0.1:443"] });
    expect(line(results, "ingress from this host")).toMatchObject({ status: "pass", detail: "127.0.0.1:443 answers" });
  });
});

describe("doctor on WSL2 with the GPU on", () => {
  const WSL_PLAN = plan(
    { target: "wsl2", loadBalancer: { kind: "builtin", ingressAddress: "127.0.0.1" } },
    { rwo: { className: "local-path", provisioner: "builtin" }, rwx: { className: "local-path-shared", provisioner: "local-path" } },
  );
  const k3s = (extra: Partial<FakeCluster>): FakeCluster => ({
    ...healthyMinikube(),
    gitVersion: "v1.33.5+k3s1",
    nodes: [node("desktop", { cpu: "16", memory: "32Gi", address: "172.20.1.5", gpus: 1 })],
    storageClasses: [storageClass("local-path", true)],
    runtimeClasses: [runtimeClass("nvidia"), runtimeClass("nvidia-experimental")],
    ...extra,
  });

  it("passes with the nvidia RuntimeClass and a GPU on a node", async () => {
    const results = await doctor(WSL_PLAN, { cluster: k3s({}), context: "default" });
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(line(results, "GPU on a node").detail).toBe("desktop: 1 nvidia.com/gpu");
  });

  it("sees the deployed ingress by its Service, whose status holds the node address, and reaches it at 127.0.0.1", async () => {
    const cluster = k3s({ services: [service("traefik", "traefik", { ip: "172.20.1.5" })] });
    const results = await doctor(WSL_PLAN, { cluster, context: "default", reachable: ["127.0.0.1:443"] });
    expect(line(results, "ingress from this host")).toMatchObject({ status: "pass", detail: "127.0.0.1:443 answers" });
  });

  it("fails without the nvidia RuntimeClass and warns while no node advertises a GPU", async () => {
    const cluster = k3s({ runtimeClasses: [], nodes: [node("desktop", { cpu: "16", memory: "32Gi" })] });
    const results = await doctor(WSL_PLAN, { cluster, context: "default" });
    expect(line(results, "nvidia RuntimeClass")).toMatchObject({ status: "fail", fix: expect.stringContaining("NVIDIA Container Toolkit") });
    expect(line(results, "GPU on a node").status).toBe("warn");
  });
});

describe("doctor on bare metal", () => {
  const METAL_PLAN = plan(
    {
      target: "bare-metal",
      cluster: { stack: "homelab-metal" },
      loadBalancer: { pools: [{ name: "default", addresses: ["10.0.10.200-10.0.10.239"] }] },
    },
    { rwo: { className: "local-path", provisioner: "local-path" } },
  );
  const cluster = (): FakeCluster => ({
    ...healthyMinikube(),
    nodes: [node("server-1", { address: "10.0.10.11" }), node("agent-1", { address: "10.0.10.21", cpu: "8", memory: "32Gi" })],
    storageClasses: [],
  });
  const outputs = (url: string, values: Record<string, unknown> = {}): PulumiOutputs => ({
    kind: "outputs",
    values: {
      apiServer: url,
      apiVip: "10.0.10.10",
      nodeNetwork: "10.0.10.0/24",
      nodes: [
        { name: "server-1", role: "server", address: "10.0.10.11" },
        { name: "agent-1", role: "agent", address: "10.0.10.21" },
      ],
      gpuNodes: [],
      kubeconfig: kubeconfig(url, { context: "homelab" }),
      ...values,
    },
  });

  it("connects with the metal stack's kubeconfig output and checks the pool against its node network", async () => {
    const fake = await startApi(cluster());
    const results = await doctor(METAL_PLAN, { outputs: outputs(fake.url), context: "elsewhere", reachable: ["10.0.10.11:10250"] });
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(line(results, "cluster API").detail).toMatch(/^context homelab at https:\/\/127\.0\.0\.1:\d+ answers \(the kubeconfig output of stack homelab-metal\)$/);
    expect(line(results, "StorageClass").detail).toBe("local-path (this stack installs it); default: none yet");
  });

  it("fails as pulumi up would on a pool that holds the metal stack's API VIP", async () => {
    const fake = await startApi(cluster());
    const results = await doctor(METAL_PLAN, { outputs: outputs(fake.url, { apiVip: "10.0.10.200" }), reachable: ["10.0.10.11:10250"] });
    expect(line(results, "metal stack outputs")).toMatchObject({
      status: "fail",
      detail:
        "homelab:loadBalancer.pools[0].addresses[0]: 10.0.10.200-10.0.10.239 contains 10.0.10.200, the API VIP of stack homelab-metal; keep the pools clear of it",
    });
    expect(line(results, "load-balancer pool").status).toBe("pass");
  });

  it("fails when the metal stack has no outputs yet, and falls back to the kubeconfig files", async () => {
    const results = await doctor(METAL_PLAN, { cluster: cluster(), outputs: { kind: "outputs", values: {} }, context: "homelab", reachable: ["10.0.10.11:10250"] });
    expect(line(results, "metal stack outputs")).toMatchObject({
      status: "fail",
      detail: "stack homelab-metal has no output apiServer, apiVip, nodeNetwork, nodes, gpuNodes, kubeconfig",
      fix: "deploy it with `pulumi up -s homelab-metal` first",
    });
    expect(line(results, "cluster API").status).toBe("pass");
  });

  it("warns when pulumi is not on PATH", async () => {
    const results = await doctor(METAL_PLAN, { cluster: cluster(), outputs: { kind: "no-pulumi" }, reachable: ["10.0.10.11:10250"] });
    expect(line(results, "metal stack outputs")).toMatchObject({ status: "warn", fix: "install the Pulumi CLI" });
  });
});

describe("doctor before any cluster", () => {
  it("reports every stack file problem as a fail", async () => {
    const results = await runDoctor({ kind: "invalid", stack: "dev", problems: ["homelab:domain: expected a DNS domain"] }, environment("/nonexistent", {}));
    expect(results).toEqual([{ check: "stack file", status: "fail", detail: "homelab:domain: expected a DNS domain", fix: "fix Pulumi.dev.yaml" }]);
  });

  it("has nothing to check in a cluster for the stack that builds it", async () => {
    const results = await runDoctor({ kind: "metal", stack: "homelab-metal" }, environment("/nonexistent", {}));
    expect(statuses(results)).toEqual(["pass stack file"]);
  });
});
