import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { PROJECT_DIR } from "../render/harness";
import { sumRequests } from "../render/requests";
import { renderStack } from "../render/harness";
import { MINIKUBE_DOCKER_API_SERVER, simulatedHost } from "../render/simulated-host";
import { poolChecks } from "./checks/pool";
import type { NodeFacts } from "./cluster-facts";
import { namespacesOf, planStack } from "./plan";

/** The machine of the renders: Linux, its kubeconfig pointing at minikube's docker network. */
const host = simulatedHost("linux", MINIKUBE_DOCKER_API_SERVER);

describe("a stack's plan, found offline", () => {
  it("gives the dev stack's storage classes, its requests per node count and its namespaces", async () => {
    const plan = await planStack(PROJECT_DIR, "dev", host);
    if (plan.kind !== "platform") throw new Error(`expected a platform plan, got ${plan.kind}`);
    expect(plan.storage).toEqual({ rwo: { className: "standard", provisioner: "builtin" }, rwx: { className: "standard", provisioner: "builtin" } });
    const recording = await renderStack("dev");
    expect(plan.demand(2)).toEqual(sumRequests(recording, 2));
    expect(plan.demand(1).cpu).toBeGreaterThan(0);
    expect([...plan.ownNamespaces]).toEqual(expect.arrayContaining(["traefik", "metallb-system", "cert-manager"]));
    expect(plan.ownNamespaces).toEqual(namespacesOf(recording));
  });

  it("checks the pool the dev stack derives from the node on Linux, and none under the tunnel on macOS", async () => {
    const plan = await planStack(PROJECT_DIR, "dev", simulatedHost("linux", "https://192.168.58.2:8443"));
    if (plan.kind !== "platform") throw new Error(`expected a platform plan, got ${plan.kind}`);
    expect(plan.config.loadBalancer).toMatchObject({ kind: "metallb", pools: [{ name: "default", addresses: ["192.168.58.200-192.168.58.250"] }], ingressAddress: "192.168.58.200" });
    const nodes: NodeFacts[] = [{ name: "minikube", ready: true, schedulable: true, addresses: ["192.168.58.2"], cpu: 4, memoryBytes: 6 * 2 ** 30, gpus: 0 }];
    const checked = poolChecks({ loadBalancer: plan.config.loadBalancer, nodes, services: [], ownNamespaces: plan.ownNamespaces, networkChecked: false });
    expect(checked).toEqual([expect.objectContaining({ status: "pass", detail: expect.stringContaining("192.168.58.200-192.168.58.250: on the nodes' network") })]);
    const mac = await planStack(PROJECT_DIR, "dev", simulatedHost("darwin", "https://127.0.0.1:50123"));
    expect(mac.kind === "platform" && mac.config.loadBalancer).toMatchObject({ kind: "tunnel", pools: [], ingressAddress: "127.0.0.1" });
  });

  it("gives the bare-metal stack the classes its system layer installs, with the metal stack rendered for its reference", async () => {
    const plan = await planStack(PROJECT_DIR, "homelab", host);
    expect(plan.kind === "platform" && plan.storage.rwo).toEqual({ className: "local-path", provisioner: "local-path" });
  });

  it("lists every problem of a stack file, as pulumi up would", async () => {
    const project = mkdtempSync(join(tmpdir(), "homelab-plan-"));
    onTestFinished(() => rmSync(project, { recursive: true, force: true }));
    copyFileSync(join(PROJECT_DIR, "Pulumi.yaml"), join(project, "Pulumi.yaml"));
    writeFileSync(join(project, "Pulumi.broken.yaml"), "config:\n  homelab:target: minikube\n  homelab:domain: Not_A_Domain\n");
    const plan = await planStack(project, "broken", host);
    expect(plan).toMatchObject({ kind: "invalid", stack: "broken" });
    expect(plan.kind === "invalid" && plan.problems.some((p) => p.startsWith("homelab:domain: expected a DNS domain"))).toBe(true);
  });

  it("has no cluster to look at for the stack that builds it", async () => {
    expect(await planStack(PROJECT_DIR, "homelab-metal", host)).toEqual({ kind: "metal", stack: "homelab-metal" });
  });
});
