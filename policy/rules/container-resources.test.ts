import { describe, expect, it } from "vitest";
import { containerResources, missingResources } from "./container-resources";
import { deployment, manifest, SIZED } from "./fixtures";

describe("containerResources", () => {
  it("catches a container without resources and one without limits", () => {
    const resource = deployment([{ name: "app", image: "a:1" }, { name: "sidecar", image: "b:1", resources: { requests: SIZED.requests } }]);
    expect(containerResources(resource)).toEqual([
      "Deployment apps/web: container app has no requests.cpu, requests.memory, limits.cpu, limits.memory; set requests and limits (components/lib/sizing.ts)",
      "Deployment apps/web: container sidecar has no limits.cpu, limits.memory; set requests and limits (components/lib/sizing.ts)",
    ]);
  });

  it("checks init containers and CronJobs", () => {
    const cronJob = manifest("kubernetes:batch/v1:CronJob", {
      metadata: { name: "nightly", namespace: "apps" },
      spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: "wait", image: "a:1" }], containers: [{ name: "run", image: "a:1", resources: SIZED }] } } } } },
    });
    expect(containerResources(cronJob)).toEqual([
      "CronJob apps/nightly: initContainer wait has no requests.cpu, requests.memory, limits.cpu, limits.memory; set requests and limits (components/lib/sizing.ts)",
    ]);
  });

  it("checks a CloudNativePG Cluster's resources", () => {
    const cluster = manifest("kubernetes:postgresql.cnpg.io/v1:Cluster", { metadata: { name: "db", namespace: "a" }, spec: { instances: 1 } });
    expect(containerResources(cluster)).toEqual([
      "Cluster a/db: spec.resources has no requests.cpu, requests.memory, limits.cpu, limits.memory; set requests and limits (components/lib/sizing.ts)",
    ]);
  });

  it("accepts sized containers", () => {
    expect(containerResources(deployment([{ name: "app", image: "a:1", resources: SIZED }]))).toEqual([]);
    expect(missingResources(SIZED)).toEqual([]);
  });
});
