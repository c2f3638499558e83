import { describe, expect, it } from "vitest";
import { arangoDeploymentSpec, arangodbAllows, arangodbOperatorValues } from "./arangodb";

describe("arangoDeploymentSpec", () => {
  it("runs one Single server on lean, its volume from a claim template", () => {
    const spec = arangoDeploymentSpec({ size: "10Gi", storageClass: "standard", sizing: "lean" });
    expect(spec).toMatchObject({
      mode: "Single",
      single: {
        resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "1Gi" } },
        volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], storageClassName: "standard", resources: { requests: { storage: "10Gi" } } } },
      },
    });
    expect(spec).not.toHaveProperty("dbservers");
  });

  it("runs a Cluster on full: three agents and DB-Servers with volumes, two coordinators without", () => {
    const spec = arangoDeploymentSpec({ size: "50Gi", storageClass: "local-path", sizing: "full" }) as Record<string, Record<string, unknown>>;
    expect(spec.mode).toBe("Cluster");
    expect(spec.agents).toMatchObject({ count: 3, volumeClaimTemplate: { spec: { storageClassName: "local-path", resources: { requests: { storage: "2Gi" } } } } });
    expect(spec.dbservers).toMatchObject({ count: 3, resources: { requests: { memory: "1Gi" } }, volumeClaimTemplate: { spec: { resources: { requests: { storage: "50Gi" } } } } });
    expect(spec.coordinators).toEqual({ count: 2, resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } } });
  });

  it("leaves TLS to the Gateway, opens no load balancer, takes the delivered root password and exports metrics", () => {
    expect(arangoDeploymentSpec({ size: "1Gi", storageClass: "s", sizing: "lean" })).toMatchObject({
      image: expect.stringMatching(/^docker\.io\/arangodb\/arangodb:\d+\.\d+\.\d+$/),
      environment: "Development",
      tls: { caSecretName: "None" },
      externalAccess: { type: "None" },
      bootstrap: { passwordSecretNames: { root: "arangodb-root-password" } },
      metrics: { enabled: true, tls: false },
    });
  });
});

describe("arangodbOperatorValues", () => {
  it("watches its own namespace only and writes no CRDs or monitors itself", () => {
    expect(arangodbOperatorValues("lean")).toMatchObject({
      operator: { scope: "namespaced", enableCRDManagement: false, enableCRDCreation: false, features: { deployment: true, storageCRD: false } },
      rbac: { extensions: { monitoring: false } },
    });
  });
});

describe("arangodbAllows", () => {
  it("lets the Gateway reach the UI, only the operator reach the API, and Prometheus the metrics when it runs", () => {
    expect(arangodbAllows(undefined)).toEqual([
      { kind: "within-namespace" },
      { kind: "api-server", pods: { "app.kubernetes.io/name": "kube-arangodb" } },
      { kind: "from-gateway", ports: [8529] },
    ]);
    expect(arangodbAllows("monitoring")).toContainEqual({ kind: "from-namespace", namespace: "monitoring", ports: [9101, 8528] });
  });
});
