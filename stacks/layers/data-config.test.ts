import { describe, expect, it } from "vitest";
import { MINIKUBE } from "../../render/harness";
import { parseConfig } from "../config";
import { backupRetention, dataSchema, declaredDatabases } from "./data-config";

const BARE_METAL = {
  target: "bare-metal",
  domain: "lab.home.arpa",
  cluster: { stack: "homelab-metal" },
  loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] },
};

function problems(values: Record<string, unknown>): readonly string[] {
  const result = parseConfig(values);
  return result.ok ? [] : result.problems;
}

describe("homelab:data", () => {
  it("names the key of a database name, owner, size or extension that is not a plain identifier", () => {
    const data = { databases: [{ name: "Orders", owner: "1st", size: "big", extensions: ["pg-trgm"], clients: ["Shop"] }] };
    expect(problems({ ...BARE_METAL, data })).toEqual([
      "homelab:data.databases[0].name: expected a database name of lower-case letters, digits and '_' (at most 40, not starting with a digit); got \"Orders\"",
      "homelab:data.databases[0].owner: expected a role name of lower-case letters, digits and '_' (at most 40, not starting with a digit); got \"1st\"",
      'homelab:data.databases[0].size: expected a size such as 5Gi; got "big"',
      "homelab:data.databases[0].extensions[0]: expected an extension name of lower-case letters, digits and '_' (at most 40, not starting with a digit); got \"pg-trgm\"",
      'homelab:data.databases[0].clients[0]: expected a namespace name; got "Shop"',
    ]);
  });

  it("names a retention or schedule that does not parse", () => {
    expect(problems({ ...BARE_METAL, data: { backups: { retention: "30 days", schedule: "0 3 * * *" } } })).toEqual([
      'homelab:data.backups.schedule: expected a cron expression of six fields, seconds first, such as "0 0 3 * * *"; got "0 3 * * *"',
      'homelab:data.backups.retention: expected a retention such as 7d, 4w or 3m (days, weeks, months); got "30 days"',
    ]);
  });

  it("refuses a database declared twice", () => {
    expect(problems({ ...BARE_METAL, data: { databases: [{ name: "orders" }, { name: "orders" }] } })).toEqual([
      'homelab:data.databases[1].name: "orders" is declared twice (first as data.databases[0])',
    ]);
  });

  it("refuses a restore from the database's own Cluster", () => {
    expect(problems({ ...BARE_METAL, data: { databases: [{ name: "orders", restoreFrom: "pg-orders" }] } })).toEqual([
      'homelab:data.databases[0].restoreFrom: "pg-orders" is this database\'s own Cluster; a restore makes a new Cluster, so give the database a new name',
    ]);
  });

  it("refuses backups without the platform's S3 or its backups bucket, and a restore without backups", () => {
    expect(problems({ ...MINIKUBE, features: { data: true } })).toEqual([
      "homelab:data.backups.enabled: backups go to the platform's S3, but features.objectStorage is off; turn it on, or set data.backups.enabled to false",
    ]);
    expect(problems({ ...BARE_METAL, objectStorage: { buckets: ["models"] } })).toEqual([
      'homelab:objectStorage.buckets: backups are on (data.backups.enabled) but the "backups" bucket is not listed; add it',
    ]);
    expect(problems({ ...BARE_METAL, data: { backups: { enabled: false }, databases: [{ name: "orders", restoreFrom: "pg-old" }] } })).toEqual([
      "homelab:data.databases[0].restoreFrom: restores read the backups; turn data.backups.enabled back on",
    ]);
    expect(problems({ ...MINIKUBE, features: { data: true }, data: { backups: { enabled: false } } })).toEqual([]);
  });

  it("checks nothing of backups while the layer is off", () => {
    expect(problems({ ...BARE_METAL, features: { data: false }, objectStorage: { buckets: ["models"] } })).toEqual([]);
  });
});

describe("declaredDatabases and backupRetention", () => {
  it("take the instances and the retention of the sizing profile, and the owner from the name", () => {
    const data = dataSchema.parse({ databases: [{ name: "orders", instances: { full: 3 } }] });
    expect(declaredDatabases(data, "lean")).toEqual([{ name: "orders", owner: "orders", size: "5Gi", instances: 1, extensions: [], clients: [], restoreFrom: undefined }]);
    expect(declaredDatabases(data, "full")[0]!.instances).toBe(3);
    expect(backupRetention(data, "lean")).toBe("7d");
    expect(backupRetention(data, "full")).toBe("30d");
    expect(backupRetention(dataSchema.parse({ backups: { retention: "8w" } }), "lean")).toBe("8w");
  });
});
