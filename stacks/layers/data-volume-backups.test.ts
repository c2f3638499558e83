import { describe, expect, it } from "vitest";
import { madeBy, renderConfig, resource, resourcesOfType } from "../../render/harness";
import { Secret } from "../../render/secret";
import { waitsFor } from "../../render/waits-for";
import { parseConfig } from "../config";
import { dataLayer } from "./data";

const SCHEDULE = "kubernetes:k8up.io/v1:Schedule";
const EXAMPLE = dataLayer.examples!["homelab with databases, extensions, clients and a restore"]!;

describe("volume backups on bare metal", async () => {
  const recording = await renderConfig({ ...EXAMPLE, features: { secrets: false } });

  it("install K8up in a namespace of its own", () => {
    expect(resource(madeBy(recording, "k8up"), "kubernetes:helm.sh/v4:Chart", "k8up-chart").inputs).toMatchObject({ chart: "k8up", version: "4.9.0", namespace: "k8up" });
  });

  it("back up Open WebUI's uploads volume, which carries the annotation, on the schedule, after the chart and its credentials", () => {
    const schedule = resource(recording, SCHEDULE, "open-webui-volume-backup-schedule");
    expect(schedule.inputs).toMatchObject({ metadata: { name: "volume-backups", namespace: "open-webui" }, spec: { backup: { schedule: "0 4 * * *" } } });
    expect([...waitsFor(recording)(schedule)]).toEqual(expect.arrayContaining(["k8up-chart", "open-webui-volume-backup-credentials", "open-webui-data"]));
    const claim = resource(recording, "kubernetes:core/v1:PersistentVolumeClaim", "open-webui-data");
    expect((claim.inputs.metadata as { annotations: Record<string, string> }).annotations).toMatchObject({ "k8up.io/backup": "true", "homelab/kept-on-destroy": "true" });
    const secret = resource(recording, "kubernetes:core/v1:Secret", "open-webui-volume-backup-credentials");
    expect(Object.keys((secret.inputs.stringData as Secret).value as object).sort()).toEqual(["ACCESS_KEY_ID", "RESTIC_PASSWORD", "SECRET_ACCESS_KEY"]);
  });

  it("scrape the operator, whose metrics tell how the backups went", () => {
    const monitor = resource(recording, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "k8up-pod-monitor");
    expect(monitor.inputs.spec).toMatchObject({ podMetricsEndpoints: [{ port: "http" }] });
  });

  it("output the repositories' password as a secret", () => {
    expect(recording.outputs.volumeBackups).toEqual({ repositoryPassword: expect.any(Secret) });
  });
});

describe("volume backups off", () => {
  it("follow data.backups.enabled, and install nothing without it", async () => {
    const recording = await renderConfig({ ...EXAMPLE, data: { backups: { enabled: false } } });
    expect(resourcesOfType(recording, SCHEDULE)).toEqual([]);
    expect(resourcesOfType(recording, "kubernetes:helm.sh/v4:Chart").filter((c) => c.inputs.chart === "k8up")).toEqual([]);
  });

  it("name the key when asked for without backups, or keeping nothing, or with a schedule that does not parse", () => {
    const result = parseConfig({ ...EXAMPLE, data: { backups: { enabled: false }, volumeBackups: { enabled: true, schedule: "daily", keep: { daily: 0, weekly: 0, monthly: 0 } } } });
    expect(result.ok ? [] : result.problems).toEqual([
      'homelab:data.volumeBackups.schedule: expected a cron expression of five fields, such as "0 4 * * *"; got "daily"',
    ]);
    const checked = parseConfig({ ...EXAMPLE, data: { backups: { enabled: false }, volumeBackups: { enabled: true, keep: { daily: 0, weekly: 0, monthly: 0 } } } });
    expect(checked.ok ? [] : checked.problems).toEqual([
      "homelab:data.volumeBackups.enabled: volume backups go to the backups bucket with data.backups; turn data.backups.enabled on too",
      "homelab:data.volumeBackups.keep: keeps no snapshot at all; keep at least one",
    ]);
  });
});
