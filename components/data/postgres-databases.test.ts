import { describe, expect, it } from "vitest";
import { clusterName, databaseAllows, databaseSpec, type DatabaseSpec } from "./postgres-databases";

const orders: DatabaseSpec = { name: "orders", owner: "orders", size: "5Gi", instances: 1, extensions: ["pg_trgm"], clients: ["shop", "billing"] };
const events: DatabaseSpec = { ...orders, name: "app_events", extensions: [], clients: ["shop"] };

describe("clusterName", () => {
  it("turns a PostgreSQL identifier into a Kubernetes name", () => {
    expect(clusterName("app_events")).toBe("pg-app-events");
  });
});

describe("databaseAllows", () => {
  it("lets in only the granted client namespaces on 5432, once each, the operator on its instance manager port and Prometheus on the exporter's", () => {
    const allows = databaseAllows([orders, events]);
    expect(allows.filter((a) => a.kind === "from-namespace")).toEqual([
      { kind: "from-namespace", namespace: "cnpg-system", ports: [8000] },
      { kind: "from-namespace", namespace: "billing", ports: [5432] },
      { kind: "from-namespace", namespace: "shop", ports: [5432] },
      { kind: "from-namespace", namespace: "monitoring", ports: [9187] },
    ]);
  });

  it("gives each Cluster's pods the API server, and nothing else the API", () => {
    expect(databaseAllows([orders, events]).filter((a) => a.kind === "api-server")).toEqual([
      { kind: "api-server", pods: { "cnpg.io/cluster": "pg-orders" } },
      { kind: "api-server", pods: { "cnpg.io/cluster": "pg-app-events" } },
    ]);
  });
});

describe("databaseSpec", () => {
  it("keeps the declared extensions present and the database when the object goes", () => {
    expect(databaseSpec("pg-orders", orders)).toEqual({
      cluster: { name: "pg-orders" },
      name: "orders",
      owner: "orders",
      databaseReclaimPolicy: "retain",
      extensions: [{ name: "pg_trgm", ensure: "present" }],
    });
  });
});
