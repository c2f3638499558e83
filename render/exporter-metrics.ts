import { join } from "node:path";
import type { MetricsSource } from "../components/platform/dashboard";
import { PROJECT_DIR } from "./harness";

/**
 * Metric names each exporter serves, for checking dashboards and alert rules against: the
 * LLM gateway's come from its own registry; the others are the names documented by each
 * exporter at the pinned versions (histograms with their `_bucket`, `_sum` and `_count`).
 */

/** Every series name a registry renders: `# TYPE` lines, histograms expanded. */
export function namesInExposition(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
    type === "histogram" ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name!],
  );
}

function histogram(name: string): string[] {
  return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
}

/** Prometheus's own series, about every target and alert. */
const PROMETHEUS = ["up", "ALERTS", "ALERTS_FOR_STATE"];

/** The gateway's module, loaded by path: it is an ES module of its own workspace. */
const GATEWAY_METRICS = join(PROJECT_DIR, "services", "llm-gateway", "src", "metrics", "gateway-metrics.ts");

interface GatewayMetricsModule {
  createGatewayMetrics(sources: { queueDepth: () => number; upstreamInFlight: () => number }): { registry: { render(): string } };
}

/** The names the gateway's registry serves at /metrics. */
async function gatewayMetricNames(): Promise<string[]> {
  const { createGatewayMetrics } = (await import(GATEWAY_METRICS)) as GatewayMetricsModule;
  return namesInExposition(createGatewayMetrics({ queueDepth: () => 0, upstreamInFlight: () => 0 }).registry.render());
}

/** Every exporter's metric names. */
export async function exporterMetrics(): Promise<Readonly<Record<MetricsSource, readonly string[]>>> {
  return { ...KNOWN_METRICS, "llm-gateway": [...PROMETHEUS, ...(await gatewayMetricNames())] };
}

const KNOWN_METRICS: Readonly<Record<Exclude<MetricsSource, "llm-gateway">, readonly string[]>> = {
  kubernetes: [
    ...PROMETHEUS,
    // kube-state-metrics
    "kube_node_info",
    "kube_node_status_condition",
    "kube_pod_status_phase",
    "kube_pod_container_status_restarts_total",
    "kube_job_status_failed",
    "kube_job_failed",
    "kube_deployment_status_replicas_available",
    // node-exporter
    "node_cpu_seconds_total",
    "node_memory_MemAvailable_bytes",
    "node_memory_MemTotal_bytes",
    "node_filesystem_avail_bytes",
    "node_filesystem_size_bytes",
    // the kubelet
    "kubelet_volume_stats_used_bytes",
    "kubelet_volume_stats_capacity_bytes",
    "kubelet_volume_stats_available_bytes",
    // cert-manager's controller
    "certmanager_certificate_expiration_timestamp_seconds",
    "certmanager_certificate_ready_status",
    "certmanager_certificate_renewal_timestamp_seconds",
  ],
  dcgm: [...PROMETHEUS, "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_XID_ERRORS"],
  "cloudnative-pg": [
    ...PROMETHEUS,
    "cnpg_collector_up",
    "cnpg_backends_total",
    "cnpg_pg_database_size_bytes",
    "cnpg_pg_stat_database_xact_commit",
    "cnpg_pg_stat_database_xact_rollback",
    "cnpg_pg_replication_lag",
    "cnpg_collector_last_available_backup_timestamp",
    "cnpg_collector_last_failed_backup_timestamp",
  ],
  traefik: [
    ...PROMETHEUS,
    "traefik_service_requests_total",
    ...histogram("traefik_service_request_duration_seconds"),
    "traefik_entrypoint_requests_total",
    ...histogram("traefik_entrypoint_request_duration_seconds"),
    "traefik_open_connections",
  ],
  // weed/stats/metrics.go at tag 4.44 (namespace SeaweedFS, subsystems s3 and volumeServer).
  seaweedfs: [
    ...PROMETHEUS,
    "SeaweedFS_s3_request_total",
    ...histogram("SeaweedFS_s3_request_seconds"),
    "SeaweedFS_s3_bucket_size_bytes",
    "SeaweedFS_s3_bucket_object_count",
    "SeaweedFS_volumeServer_resource",
  ],
  // internal/pkg/metrics/prometheus.go of Reloader v1.4.21 (chart 2.2.16).
  reloader: [...PROMETHEUS, "reloader_reload_executed_total"],
};
