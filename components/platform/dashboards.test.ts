import { describe, expect, it } from "vitest";
import { exporterMetrics } from "../../render/exporter-metrics";
import { renderComponent, resourcesOfType } from "../../render/harness";
import { parsePromql } from "../../render/promql";
import { dashboardJson } from "./dashboard";
import { dashboardConfigMaps } from "./dashboard-config-maps";
import { DASHBOARDS } from "./dashboards";
import * as pulumi from "@pulumi/pulumi";

describe.each(DASHBOARDS.map((d) => [d.title, d] as const))("the %s dashboard", (_, dashboard) => {
  it("has queries that parse as PromQL and name only metrics its exporter serves", async () => {
    const known = (await exporterMetrics())[dashboard.source];
    const problems: string[] = [];
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.queries) {
        const parsed = await parsePromql(expr);
        problems.push(...parsed.errors.map((e) => `${panel.title}: ${e}`));
        problems.push(...parsed.metrics.filter((m) => !known.includes(m)).map((m) => `${panel.title}: ${m} is not a metric of ${dashboard.source}`));
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("dashboards", () => {
  it("cover the platform, the LLM gateway, the GPU, PostgreSQL, Traefik and the object store, each with a unique id", () => {
    expect(DASHBOARDS.map((d) => d.source)).toEqual(["kubernetes", "llm-gateway", "dcgm", "cloudnative-pg", "traefik", "seaweedfs"]);
    expect(new Set(DASHBOARDS.map((d) => d.uid)).size).toBe(DASHBOARDS.length);
  });

  it("lay panels out two to a row, each query on the provisioned Prometheus", () => {
    const json = dashboardJson({ uid: "x", title: "X", source: "traefik", panels: [1, 2, 3].map((n) => ({ title: `p${n}`, queries: [{ expr: "up" }, { expr: "up", legend: "l" }] })) });
    const panels = json.panels as { gridPos: unknown; targets: unknown[] }[];
    expect(panels.map((p) => p.gridPos)).toEqual([
      { x: 0, y: 0, w: 12, h: 8 },
      { x: 12, y: 0, w: 12, h: 8 },
      { x: 0, y: 8, w: 12, h: 8 },
    ]);
    expect(panels[0]!.targets).toEqual([
      { refId: "A", datasource: { type: "prometheus", uid: "prometheus" }, expr: "up" },
      { refId: "B", datasource: { type: "prometheus", uid: "prometheus" }, expr: "up", legendFormat: "l" },
    ]);
  });

  it("reach Grafana as ConfigMaps its sidecar watches", async () => {
    const recording = await renderComponent(() => dashboardConfigMaps(DASHBOARDS.slice(0, 1), "monitoring", { parent: new pulumi.ComponentResource("test:index:Parent", "parent"), dependsOn: [] }));
    const [map] = resourcesOfType(recording, "kubernetes:core/v1:ConfigMap");
    expect(map!.inputs.metadata).toEqual({
      name: "homelab-platform",
      namespace: "monitoring",
      labels: { grafana_dashboard: "1" },
      annotations: { grafana_folder: "homelab" },
    });
    expect(JSON.parse((map!.inputs.data as Record<string, string>)["homelab-platform.json"]!)).toMatchObject({ uid: "homelab-platform", title: "Platform overview" });
  });
});
