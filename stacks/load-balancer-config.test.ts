import { describe, expect, it } from "vitest";
import { MINIKUBE_DOCKER_API_SERVER, simulatedHost } from "../render/simulated-host";
import { parseConfig } from "./config";

const minikube = { target: "minikube", domain: "homelab.test" };

function loadBalancerOf(raw: Record<string, unknown>, os: NodeJS.Platform, apiServer: string | undefined = MINIKUBE_DOCKER_API_SERVER) {
  const result = parseConfig(raw, [], undefined, simulatedHost(os, apiServer));
  if (!result.ok) return result.problems;
  if (!("config" in result)) throw new Error("expected a platform stack");
  return result.config.loadBalancer;
}

describe("the minikube load balancer", () => {
  it("defaults to MetalLB on Linux, with a pool derived from the node", () => {
    expect(loadBalancerOf(minikube, "linux")).toEqual({
      kind: "metallb",
      pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }],
      ingressAddress: "192.168.49.200",
    });
  });

  it.each(["darwin", "win32"] as const)("defaults to the tunnel on %s, answering on localhost", (os) => {
    expect(loadBalancerOf(minikube, os, undefined)).toEqual({ kind: "tunnel", pools: [], ingressAddress: "127.0.0.1" });
  });

  it("lets the stack file choose MetalLB on macOS (a VM driver with a reachable address) and keeps its pools", () => {
    const pools = [{ name: "vm", addresses: ["192.168.105.200-192.168.105.250"] }];
    expect(loadBalancerOf({ ...minikube, loadBalancer: { kind: "metallb", pools } }, "darwin")).toEqual({
      kind: "metallb",
      pools,
      ingressAddress: "192.168.105.200",
    });
  });

  it("says why no pool can be derived from Docker Desktop's forwarded API port", () => {
    expect(loadBalancerOf({ ...minikube, loadBalancer: { kind: "metallb" } }, "darwin", "https://127.0.0.1:52841")).toEqual([
      "homelab:loadBalancer.pools: left out, so it is derived from the node address, but the API server https://127.0.0.1:52841 is a forwarded port on this machine (Docker Desktop), so the node network is out of reach; set the pools, or use loadBalancer.kind tunnel",
    ]);
  });

  it("takes the tunnel on Linux with the address the stack file names", () => {
    expect(loadBalancerOf({ ...minikube, loadBalancer: { kind: "tunnel", ingressAddress: "10.96.12.34" } }, "linux")).toEqual({
      kind: "tunnel",
      pools: [],
      ingressAddress: "10.96.12.34",
    });
  });

  it("checks an ingress address against the derived pool", () => {
    expect(loadBalancerOf({ ...minikube, loadBalancer: { ingressAddress: "192.168.49.10" } }, "linux")).toEqual([
      "homelab:loadBalancer.ingressAddress: 192.168.49.10 is in no load-balancer pool",
    ]);
  });
});

describe("loadBalancer.kind errors name the key, what was given and what is allowed", () => {
  it("refuses an unknown kind", () => {
    expect(loadBalancerOf({ ...minikube, loadBalancer: { kind: "nginx" } }, "linux")).toEqual([
      'homelab:loadBalancer.kind: expected one of metallb, builtin, tunnel; got "nginx"',
    ]);
  });

  it("refuses MetalLB pools given with the tunnel, on the OS where the tunnel is the default too", () => {
    const pools = [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }];
    expect(loadBalancerOf({ ...minikube, loadBalancer: { kind: "tunnel", pools } }, "darwin", undefined)).toEqual([
      "homelab:loadBalancer.pools: pools are only used with loadBalancer.kind metallb; with tunnel, the tunnel gives the addresses",
    ]);
    expect(loadBalancerOf({ ...minikube, loadBalancer: { pools } }, "win32", undefined)).toEqual([
      "homelab:loadBalancer.pools: pools are only used with loadBalancer.kind metallb; with tunnel, the tunnel gives the addresses",
    ]);
  });

  it("refuses the tunnel on a target that has none", () => {
    expect(loadBalancerOf({ target: "wsl2", domain: "homelab.test", loadBalancer: { kind: "tunnel" } }, "linux")).toEqual([
      "homelab:loadBalancer.kind: target wsl2 has no load-balancer tunnel; tunnels exist on minikube (minikube tunnel)",
    ]);
  });
});

