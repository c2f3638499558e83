import { describe, expect, it } from "vitest";
import { manifest } from "./fixtures";
import { loadBalancers } from "./load-balancers";

const service = (type: string, annotations?: Record<string, string>) =>
  manifest("kubernetes:core/v1:Service", { metadata: { name: "db", namespace: "apps", ...(annotations && { annotations }) }, spec: { type } });

describe("loadBalancers", () => {
  it("catches a LoadBalancer Service the platform did not mark", () => {
    expect(loadBalancers(service("LoadBalancer"))).toEqual([
      "Service apps/db is of type LoadBalancer without homelab/load-balancer: platform-entrance (got no annotation); expose HTTP through the shared Gateway, TCP through ingress.tcpEntryPoints",
    ]);
    expect(loadBalancers(service("LoadBalancer", { "homelab/load-balancer": "mine" }))[0]).toContain('(got "mine")');
  });

  it("accepts the platform's entrance and other Service types", () => {
    expect(loadBalancers(service("LoadBalancer", { "homelab/load-balancer": "platform-entrance" }))).toEqual([]);
    expect(loadBalancers(service("ClusterIP"))).toEqual([]);
  });
});
