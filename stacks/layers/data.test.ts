import { describe, expect, it } from "vitest";
import { madeBy, MINIKUBE, renderConfig, resource, resourcesOfType } from "../../render/harness";
import { Secret } from "../../render/secret";
import { waitsFor } from "../../render/waits-for";
import { dataLayer } from "./data";

const CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const OBJECT_STORE = "kubernetes:barmancloud.cnpg.io/v1:ObjectStore";
const SCHEDULED_BACKUP = "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup";
const DATABASE = "kubernetes:postgresql.cnpg.io/v1:Database";
const EXAMPLES = dataLayer.examples!;
const BACKED_UP = EXAMPLES["homelab with databases, extensions, clients and a restore"]!;

const spec = (r: { inputs: Record<string, unknown> }) => r.inputs.spec as Record<string, unknown>;

describe("the data layer on bare metal, with backups", async () => {
  // Plain Secrets (secrets off), so the tests read the credentials themselves.
  const recording = await renderConfig({ ...BACKED_UP, features: { ...(BACKED_UP.features as Record<string, boolean>), secrets: false } });
  const data = madeBy(recording, "data");
  const waits = waitsFor(recording);

  it("installs the Barman Cloud plugin beside the operator, after cert-manager and the operator's webhook", () => {
    const chart = resource(data, "kubernetes:helm.sh/v4:Chart", "barman-cloud-chart");
    expect(chart.inputs).toMatchObject({ chart: "plugin-barman-cloud", version: "0.7.0", namespace: "cnpg-system" });
    expect(waits(chart)).toContain("cert-manager-webhook-gate");
    expect(waits(chart)).toContain("cloudnative-pg-webhook-gate");
  });

  it("makes each declared database a Cluster archiving its WAL through the plugin, with its full-profile instances", () => {
    const cluster = resource(data, CLUSTER, "pg-orders-postgres");
    expect(spec(cluster)).toMatchObject({
      instances: 3,
      storage: { size: "10Gi" },
      bootstrap: { initdb: { database: "orders", owner: "orders", secret: { name: "pg-orders-owner" } } },
      plugins: [{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "backups" } }],
    });
    expect(waits(cluster)).toContain("databases-object-store");
    expect(waits(cluster)).toContain("pg-orders-owner");
  });

  it("archives to the backups bucket on the in-cluster S3 with the retention and schedule given", () => {
    const store = resource(data, OBJECT_STORE, "databases-object-store");
    expect(store.inputs).toMatchObject({ apiVersion: "barmancloud.cnpg.io/v1", kind: "ObjectStore", metadata: { name: "backups", namespace: "databases" } });
    expect(spec(store)).toMatchObject({ retentionPolicy: "8w", configuration: { destinationPath: "s3://backups/databases/", endpointURL: expect.stringMatching(/^http:\/\/.*object-storage\.svc:8333$/) } });
    expect(waits(store)).toContain("barman-cloud-chart");
    const backup = resource(data, SCHEDULED_BACKUP, "pg-orders-scheduled-backup");
    expect(spec(backup)).toMatchObject({ schedule: "0 30 2 * * *", cluster: { name: "pg-orders" }, method: "plugin" });
    expect(waits(backup)).toContain("cloudnative-pg-webhook-gate");
  });

  it("delivers the bucket's key pair and each owner's password into the namespace, which opts in to S3", () => {
    const secrets = resourcesOfType(recording, "kubernetes:core/v1:Secret").filter((s) => (s.inputs.metadata as { namespace: string }).namespace === "databases");
    expect(secrets.map((s) => (s.inputs.metadata as { name: string }).name).sort()).toEqual(["backups-s3", "pg-orders-owner", "pg-orders-restored-owner"]);
    const owner = secrets.find((s) => (s.inputs.metadata as { name: string }).name === "pg-orders-owner")!;
    expect((owner.inputs.stringData as Secret).value).toEqual({ username: "orders", password: expect.any(String) });
    const namespace = resource(recording, "kubernetes:core/v1:Namespace", "databases-namespace");
    expect((namespace.inputs.metadata as { labels: Record<string, string> }).labels).toMatchObject({ "homelab/s3-client": "true" });
  });

  it("renders a restore as a new Cluster bootstrapped from the old one's backups, archiving under its own name", () => {
    const restored = spec(resource(data, CLUSTER, "pg-orders-restored-postgres"));
    expect(restored.bootstrap).toEqual({ recovery: { source: "pg-orders", database: "orders_restored", owner: "orders", secret: { name: "pg-orders-restored-owner" } } });
    expect(restored.externalClusters).toEqual([
      { name: "pg-orders", plugin: { name: "barman-cloud.cloudnative-pg.io", parameters: { barmanObjectName: "backups", serverName: "pg-orders" } } },
    ]);
    expect(restored.plugins).toEqual([{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "backups" } }]);
  });

  it("keeps the extensions present through a Database, only where some are declared", () => {
    expect(spec(resource(data, DATABASE, "pg-orders-database"))).toMatchObject({ name: "orders", extensions: [{ name: "pg_trgm", ensure: "present" }] });
    expect(data.resources.some((r) => r.name === "pg-orders-restored-database")).toBe(false);
  });

  it("outputs each database's connection, the password secret", () => {
    expect((recording.outputs.databases as Record<string, unknown>).orders).toEqual({
      host: "pg-orders-rw.databases.svc",
      port: 5432,
      database: "orders",
      username: "orders",
      password: expect.any(Secret),
    });
  });
});

describe("the data layer without backups", () => {
  it("installs no plugin and archives nothing, and its namespace does not reach S3", async () => {
    const recording = await renderConfig({ ...MINIKUBE, features: { data: true, llm: false }, data: { databases: [{ name: "notes" }], backups: { enabled: false } } });
    const data = madeBy(recording, "data");
    expect(data.resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.chart === "plugin-barman-cloud")).toEqual([]);
    expect(spec(resource(data, CLUSTER, "pg-notes-postgres"))).not.toHaveProperty("plugins");
    expect(data.resources.some((r) => r.name.endsWith("-scheduled-backup") || r.name.endsWith("-object-store"))).toBe(false);
    const namespace = resource(recording, "kubernetes:core/v1:Namespace", "databases-namespace");
    expect((namespace.inputs.metadata as { labels: Record<string, string> }).labels).not.toHaveProperty("homelab/s3-client");
  });
});

describe("backups of the later layers' PostgreSQL", () => {
  it("archive the gateway's and Open WebUI's Clusters to their namespace's ObjectStore, with scheduled base backups", async () => {
    const recording = await renderConfig(BACKED_UP);
    for (const [namespace, cluster] of [["llm-gateway", "llm-gateway-db"], ["open-webui", "open-webui-db"]] as const) {
      const postgres = resource(recording, CLUSTER, `${cluster}-postgres`);
      expect(spec(postgres).plugins).toEqual([{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "backups" } }]);
      expect(waitsFor(recording)(postgres)).toContain(`${namespace}-object-store`);
      expect(spec(resource(recording, OBJECT_STORE, `${namespace}-object-store`))).toMatchObject({ configuration: { destinationPath: `s3://backups/${namespace}/` } });
      expect(spec(resource(recording, SCHEDULED_BACKUP, `${cluster}-scheduled-backup`))).toMatchObject({ cluster: { name: cluster } });
      const labels = (resource(recording, "kubernetes:core/v1:Namespace", `${namespace}-namespace`).inputs.metadata as { labels: Record<string, string> }).labels;
      expect(labels).toMatchObject({ "homelab/s3-client": "true" });
    }
  });

  it("are absent where the data layer is off, as on the dev stack", async () => {
    const recording = await renderConfig(MINIKUBE);
    expect(spec(resource(recording, CLUSTER, "llm-gateway-db-postgres"))).not.toHaveProperty("plugins");
    expect(resourcesOfType(recording, OBJECT_STORE)).toEqual([]);
  });
});
