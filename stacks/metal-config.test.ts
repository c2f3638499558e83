import { describe, expect, it } from "vitest";
import { buildsCluster, referencedStack } from "./metal-config";

describe("which bare-metal stack a config describes", () => {
  it("builds the cluster when homelab:cluster is a layout, runs on one when it names a stack", () => {
    expect(buildsCluster({ target: "bare-metal", cluster: { apiVip: "10.0.0.10", servers: [] } })).toBe(true);
    expect(buildsCluster({ target: "bare-metal", cluster: { stack: "homelab-metal" } })).toBe(false);
    expect(buildsCluster({ target: "bare-metal" })).toBe(false);
    expect(buildsCluster({ target: "minikube", cluster: { apiVip: "10.0.0.10" } })).toBe(false);
  });

  it("finds the referenced stack in config as Pulumi hands it over, and nothing in text that is not one", () => {
    expect(referencedStack({ "homelab:cluster": '{"stack":"homelab-metal"}' })).toBe("homelab-metal");
    expect(referencedStack({ "homelab:cluster": '{"apiVip":"10.0.0.10"}' })).toBeUndefined();
    expect(referencedStack({ "homelab:cluster": "{stack: homelab-metal" })).toBeUndefined();
    expect(referencedStack({})).toBeUndefined();
  });
});
