/** A Grafana dashboard as code: panels of PromQL queries, laid out two to a row. */

/** Which exporter a dashboard's queries read: the tests check every metric against it. */
export type MetricsSource = "kubernetes" | "llm-gateway" | "dcgm" | "cloudnative-pg" | "traefik" | "seaweedfs" | "reloader";

export interface Panel {
  readonly title: string;
  /** One PromQL query per series group. */
  readonly queries: readonly { readonly expr: string; readonly legend?: string }[];
  /** Grafana unit: `percent`, `bytes`, `s`, `reqps`, `watt`, `celsius`, `short`. @default "short" */
  readonly unit?: string;
}

export interface Dashboard {
  /** Stable id in Grafana, and the ConfigMap's name. */
  readonly uid: string;
  readonly title: string;
  readonly source: MetricsSource;
  readonly panels: readonly Panel[];
}

/** The data source kube-prometheus-stack provisions for its Prometheus. */
const PROMETHEUS_DATASOURCE = { type: "prometheus", uid: "prometheus" } as const;
const PANEL = { width: 12, height: 8 } as const;

/** The dashboard's JSON model, as Grafana's provisioning reads it. */
export function dashboardJson(dashboard: Dashboard): Record<string, unknown> {
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    tags: ["homelab", dashboard.source],
    editable: false,
    schemaVersion: 39,
    refresh: "30s",
    time: { from: "now-6h", to: "now" },
    panels: dashboard.panels.map((panel, index) => ({
      id: index + 1,
      type: "timeseries",
      title: panel.title,
      datasource: PROMETHEUS_DATASOURCE,
      gridPos: { x: (index % 2) * PANEL.width, y: Math.floor(index / 2) * PANEL.height, w: PANEL.width, h: PANEL.height },
      fieldConfig: { defaults: { unit: panel.unit ?? "short" }, overrides: [] },
      targets: panel.queries.map((query, q) => ({
        refId: String.fromCharCode(65 + q),
        datasource: PROMETHEUS_DATASOURCE,
        expr: query.expr,
        ...(query.legend && { legendFormat: query.legend }),
      })),
    })),
  };
}
