import { describe, expect, it } from "vitest";
import { BARMAN_CLOUD_PLUGIN, postgresClusterSpec } from "./postgres-cluster";

const base = { name: "pg-orders", database: "orders", size: "5Gi", storageClass: "local-path", sizing: "lean" } as const;

describe("postgresClusterSpec", () => {
  it("runs one instance with an empty database owned by a role of its name, archiving nothing", () => {
    const spec = postgresClusterSpec(base);
    expect(spec).toMatchObject({ instances: 1, bootstrap: { initdb: { database: "orders", owner: "orders" } } });
    expect(spec).not.toHaveProperty("plugins");
    expect(spec).not.toHaveProperty("externalClusters");
  });

  it("takes the owner's credentials from the given Secret", () => {
    expect(postgresClusterSpec({ ...base, owner: "shop", ownerSecret: "pg-orders-owner", instances: 3 })).toMatchObject({
      instances: 3,
      bootstrap: { initdb: { database: "orders", owner: "shop", secret: { name: "pg-orders-owner" } } },
    });
  });

  it("makes the Barman Cloud plugin its WAL archiver when backed up", () => {
    expect(postgresClusterSpec({ ...base, backup: { objectStore: "backups" } }).plugins).toEqual([
      { name: BARMAN_CLOUD_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: "backups" } },
    ]);
  });

  it("bootstraps a restore from the former Cluster's backups in the object store", () => {
    const spec = postgresClusterSpec({ ...base, name: "pg-orders-restored", recoverFrom: { cluster: "pg-orders", objectStore: "backups" } });
    expect(spec.bootstrap).toEqual({ recovery: { source: "pg-orders", database: "orders", owner: "orders" } });
    expect(spec.externalClusters).toEqual([
      { name: "pg-orders", plugin: { name: BARMAN_CLOUD_PLUGIN, parameters: { barmanObjectName: "backups", serverName: "pg-orders" } } },
    ]);
  });
});
