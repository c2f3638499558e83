import { describe, expect, it } from "vitest";
import { LINUX_HOST, renderStack, resource, resourcesOfType } from "../../render/harness";
import type { Recording } from "../../render/run-under-mocks";
import { simulatedHost } from "../../render/simulated-host";
import { summarize } from "../../render/summary";

/** The dev stack as `pulumi up` would make it on each kind of laptop. */

function traefikService(recording: Recording): unknown {
  return (resource(recording, "kubernetes:helm.sh/v4:Chart", "traefik-chart").inputs.values as { service?: unknown }).service;
}

function hostAddresses(recording: Recording): string[] {
  return [...new Set((recording.outputs.hostsEntries as string[]).map((line) => line.split(" ")[0]!))];
}

describe("the dev stack on Linux (the host reaches minikube's docker network)", () => {
  it("installs MetalLB with the top of the node's /24 and puts Traefik on its first address", async () => {
    const dev = await renderStack("dev", LINUX_HOST);
    expect(resourcesOfType(dev, "homelab:system:MetalLb")).toHaveLength(1);
    expect(resource(dev, "kubernetes:metallb.io/v1beta1:IPAddressPool", "metallb-pool-default").inputs.spec).toEqual({
      addresses: ["192.168.49.200-192.168.49.250"],
    });
    expect(traefikService(dev)).toEqual({ annotations: { "homelab/load-balancer": "platform-entrance", "metallb.io/loadBalancerIPs": "192.168.49.200" } });
    expect(dev.outputs.loadBalancer).toEqual({ kind: "metallb", address: "192.168.49.200", pools: ["192.168.49.200-192.168.49.250"] });
    expect(hostAddresses(dev)).toEqual(["192.168.49.200"]);
    expect(summarize(dev)).toContain("load balancer: metallb, ingress at 192.168.49.200, pools 192.168.49.200-192.168.49.250");
  });

  it("follows the node to another docker network without an edit", async () => {
    const dev = await renderStack("dev", simulatedHost("linux", "https://192.168.58.2:8443"));
    expect(dev.outputs.loadBalancer).toEqual({ kind: "metallb", address: "192.168.58.200", pools: ["192.168.58.200-192.168.58.250"] });
    expect(hostAddresses(dev)).toEqual(["192.168.58.200"]);
  });
});

describe.each(["darwin", "win32"] as const)("the dev stack on %s (minikube's network is inside Docker's VM)", (os) => {
  it("installs no MetalLB: `minikube tunnel` gives Traefik 127.0.0.1, and the summary says to keep it running", async () => {
    // A forwarded API port, as Docker Desktop's kubeconfig has: nothing to derive a pool from, and nothing needed.
    const dev = await renderStack("dev", simulatedHost(os, "https://127.0.0.1:52841"));
    expect(resourcesOfType(dev, "homelab:system:MetalLb")).toEqual([]);
    expect(dev.resources.filter((r) => r.type.includes("metallb.io"))).toEqual([]);
    // No address asked of MetalLB; still the platform's entrance, which the policy pack lets be a LoadBalancer.
    expect(traefikService(dev)).toEqual({ annotations: { "homelab/load-balancer": "platform-entrance" } });
    expect(dev.outputs.loadBalancer).toEqual({ kind: "tunnel", address: "127.0.0.1", keepRunning: "minikube tunnel" });
    expect(hostAddresses(dev)).toEqual(["127.0.0.1"]);
    expect(summarize(dev)).toContain("load balancer: tunnel, ingress at 127.0.0.1; `minikube tunnel` must keep running");
  });
});
