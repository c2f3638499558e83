import { describe, expect, it } from "vitest";
import { manifest } from "./fixtures";
import { keptData } from "./kept-data";

describe("keptData", () => {
  it("catches a volume claim that is not kept", () => {
    const claim = manifest("kubernetes:core/v1:PersistentVolumeClaim", { metadata: { name: "data", namespace: "apps" }, spec: {} });
    expect(keptData(claim)).toEqual([
      'PersistentVolumeClaim apps/data holds data but is not marked homelab/kept-on-destroy: "true"; create it with retainOnDelete through keptVolumeClaim or postgresCluster (components/lib/)',
    ]);
  });

  it("catches a database that is not kept", () => {
    const cluster = manifest("kubernetes:postgresql.cnpg.io/v1:Cluster", { metadata: { name: "db", namespace: "apps", annotations: { "homelab/kept-on-destroy": "false" } } });
    expect(keptData(cluster)).toHaveLength(1);
  });

  it("accepts marked ones and ignores a Cluster of another group", () => {
    const kept = manifest("kubernetes:core/v1:PersistentVolumeClaim", { metadata: { name: "d", annotations: { "homelab/kept-on-destroy": "true" } } });
    expect(keptData(kept)).toEqual([]);
    expect(keptData(manifest("kubernetes:example.com/v1:Cluster", { metadata: { name: "c" } }))).toEqual([]);
  });
});
