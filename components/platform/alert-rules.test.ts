import { describe, expect, it } from "vitest";
import { exporterMetrics } from "../../render/exporter-metrics";
import { parsePromql } from "../../render/promql";
import { alertGroups, prometheusRuleSpec } from "./alert-rules";

const ALL = alertGroups(true, "seaweedfs");

describe.each(ALL.map((g) => [g.name, g] as const))("alert group %s", (_, group) => {
  it("has expressions that parse as PromQL and name only metrics its exporters serve", async () => {
    const metrics = await exporterMetrics();
    const known = group.sources.flatMap((source) => metrics[source]);
    const problems: string[] = [];
    for (const rule of group.rules) {
      const parsed = await parsePromql(rule.expr);
      problems.push(...parsed.errors.map((e) => `${rule.alert}: ${e}`));
      problems.push(...parsed.metrics.filter((m) => !known.includes(m)).map((m) => `${rule.alert}: ${m} is not served by ${group.sources.join(" or ")}`));
    }
    expect(problems).toEqual([]);
  });

  it("gives every alert a summary and a runbook line", () => {
    for (const rule of group.rules) {
      expect(rule.summary, rule.alert).toMatch(/^\S.{9,}$/);
      expect(rule.runbook, rule.alert).toMatch(/^\S.{19,}$/);
      expect(rule.runbook, rule.alert).not.toContain("\n");
    }
  });
});

describe("alert rules", () => {
  it("cover what a homelab person must hear about", () => {
    expect(ALL.flatMap((g) => g.rules.map((r) => r.alert))).toEqual([
      "NodeNotReady",
      "NodeDown",
      "NodeDiskAlmostFull",
      "VolumeAlmostFull",
      "CertificateExpiringSoon",
      "CertificateNotReady",
      "PostgresqlDown",
      "PostgresqlBackupFailing",
      "GpuTooHot",
      "GpuLost",
      "GpuXidError",
      "OllamaUnreachable",
      "LlmGatewayErrors",
      "LlmGatewaySlow",
      "JobFailed",
      "ObjectStorageDown",
      "ObjectStorageErrors",
      "ReloaderRollFailed",
    ]);
  });

  it("leave the GPU's out where no GPU reports, or GpuLost would fire for ever", () => {
    expect(alertGroups(false).map((g) => g.name)).not.toContain("homelab.gpu");
  });

  it("watch the object store only where SeaweedFS serves its metrics (MinIO's need a token)", () => {
    const names = (server?: "seaweedfs" | "minio") => alertGroups(false, server).map((g) => g.name);
    expect(names("seaweedfs")).toContain("homelab.object-storage");
    expect(names("minio")).not.toContain("homelab.object-storage");
    expect(names()).not.toContain("homelab.object-storage");
  });

  it("become a PrometheusRule with severity labels and the two annotations", () => {
    const spec = prometheusRuleSpec(alertGroups(false).slice(0, 1));
    expect(spec.groups[0]!.rules[0]).toEqual({
      alert: "NodeNotReady",
      expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0',
      for: "5m",
      labels: { severity: "critical" },
      annotations: { summary: "Node {{ $labels.node }} is not ready", runbook: expect.stringContaining("kubectl describe node") },
    });
  });
});
