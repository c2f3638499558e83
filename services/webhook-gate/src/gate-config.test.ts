import { describe, expect, it } from "vitest";
import { createPath } from "./gate-config.ts";

describe("createPath", () => {
  it("puts a cluster-scoped kind of a named group under /apis without a namespace", () => {
    expect(createPath({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "probe" } }, "clusterissuers")).toBe(
      "/apis/cert-manager.io/v1/clusterissuers?dryRun=All&fieldManager=webhook-gate",
    );
  });

  it("puts a namespaced kind under its namespace, and the core group under /api", () => {
    expect(createPath({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "probe", namespace: "cnpg-system" } }, "clusters")).toBe(
      "/apis/postgresql.cnpg.io/v1/namespaces/cnpg-system/clusters?dryRun=All&fieldManager=webhook-gate",
    );
    expect(createPath({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "probe", namespace: "x" } }, "configmaps")).toBe(
      "/api/v1/namespaces/x/configmaps?dryRun=All&fieldManager=webhook-gate",
    );
  });
});
