import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { renderComponent, resource } from "../../render/harness";
import { alloyConfig, alloyValues } from "./alloy";
import { Logs } from "./logs";
import { lokiValues } from "./loki";

describe("Loki's values", () => {
  const values = lokiValues({ sizing: "lean", storage: { retention: "3d", size: "5Gi" }, storageClass: "standard" });

  it("run one binary on a kept volume, with retention by the compactor", () => {
    expect(values.singleBinary).toMatchObject({ replicas: 1, persistence: { enabled: true, size: "5Gi", whenDeleted: "Retain", whenScaled: "Retain" } });
    expect(values.loki).toMatchObject({ auth_enabled: false, commonConfig: { replication_factor: 1 }, storage: { type: "filesystem" }, limits_config: { retention_period: "3d" }, compactor: { retention_enabled: true } });
  });

  it("leave out what is for a cluster of Lokis: caches, gateway, canary, test pod", () => {
    expect([values.chunksCache, values.resultsCache, values.gateway, values.lokiCanary, values.test]).toEqual(Array(5).fill({ enabled: false }));
  });
});

describe("Alloy's pipeline", () => {
  const config = alloyConfig("http://loki.monitoring.svc:3100/loki/api/v1/push");

  it("reads only its own node's pods, from the kubelet's files", () => {
    expect(config).toContain('field = "spec.nodeName=" + sys.env("NODE_NAME")');
    expect(config).toContain('replacement   = "/var/log/pods/*$1/*.log"');
    expect(alloyValues({ sizing: "lean", lokiUrl: "http://loki:3100" }).alloy).toMatchObject({
      mounts: { varlog: true },
      extraEnv: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
    });
  });

  it("labels every line with namespace, app, pod and container, and pushes to Loki", () => {
    for (const label of ["namespace", "app", "pod", "container"]) expect(config).toContain(`target_label  = "${label}"`);
    expect(config).toContain('url = "http://loki.monitoring.svc:3100/loki/api/v1/push"');
  });

  it("reads no journal unless asked, and mounts nothing for one", () => {
    expect(config).not.toContain("loki.source.journal");
    const values = alloyValues({ sizing: "lean", lokiUrl: "http://loki:3100" });
    expect(values.alloy.mounts.extra).toEqual([]);
    expect(values.controller.volumes.extra).toEqual([]);
  });

  it("ships the node's journal with node, unit and priority labels, reading the host read-only", () => {
    const values = alloyValues({ sizing: "full", lokiUrl: "http://loki:3100", nodeJournal: true });
    const journal = values.alloy.configMap.content;
    expect(journal).toMatch(/loki\.source\.journal "node" \{[^}]*labels\s+= \{ node = sys\.env\("NODE_NAME"\) \}[^}]*relabel_rules = loki\.relabel\.journal\.rules\s+forward_to\s+= \[loki\.write\.default\.receiver\]/);
    expect(journal).toMatch(/source_labels = \["__journal__systemd_unit"\]\s+target_label  = "unit"/);
    expect(journal).toMatch(/source_labels = \["__journal_priority_keyword"\]\s+target_label  = "priority"/);
    expect(values.alloy.mounts).toEqual({
      varlog: true,
      extra: [
        { name: "run-journal", mountPath: "/run/log/journal", readOnly: true },
        { name: "machine-id", mountPath: "/etc/machine-id", readOnly: true },
      ],
    });
    expect(values.controller.volumes.extra).toEqual([
      { name: "run-journal", hostPath: { path: "/run/log/journal", type: "DirectoryOrCreate" } },
      { name: "machine-id", hostPath: { path: "/etc/machine-id", type: "File" } },
    ]);
  });

  it("reads the gateway's JSON lines for their level", () => {
    expect(config).toMatch(/selector = "\{app=\\"llm-gateway\\"\}"\s+stage\.json \{\s+expressions = \{ level = "level" \}/);
  });
});

describe("Logs", () => {
  it("installs Loki, then Alloy, and gives Grafana Loki as a data source", async () => {
    const recording = await renderComponent(
      () =>
        new Logs("logs", {
          namespace: "monitoring",
          sizing: "lean",
          storage: { retention: "3d", size: "5Gi" },
          storageClass: "standard",
          dependsOn: [new pulumi.ComponentResource("test:index:Grafana", "grafana")],
        }),
    );
    expect(resource(recording, "kubernetes:helm.sh/v4:Chart", "alloy-chart").options.dependsOn).toEqual(["grafana", "loki-chart"]);
    const datasource = resource(recording, "kubernetes:core/v1:ConfigMap", "logs-loki-datasource").inputs as { metadata: unknown; data: Record<string, string> };
    expect(datasource.metadata).toEqual({ name: "loki-datasource", namespace: "monitoring", labels: { grafana_datasource: "1" } });
    expect(JSON.parse(datasource.data["loki.yaml"]!).datasources).toEqual([
      { name: "Loki", type: "loki", uid: "loki", access: "proxy", url: "http://loki.monitoring.svc:3100", isDefault: false },
    ]);
  });
});
