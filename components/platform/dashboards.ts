import type { Dashboard } from "./dashboard";

/**
 * The platform's dashboards. Each reads the metrics of one exporter (`source`), with the
 * names that exporter really serves; the tests parse every query and check each name.
 */

const platformOverview: Dashboard = {
  uid: "homelab-platform",
  title: "Platform overview",
  source: "kubernetes",
  panels: [
    { title: "Nodes ready", queries: [{ expr: 'sum(kube_node_status_condition{condition="Ready",status="true"})', legend: "ready" }, { expr: "count(kube_node_info)", legend: "nodes" }] },
    { title: "Targets down", queries: [{ expr: "sum by (job) (up == 0)", legend: "{{job}}" }] },
    { title: "CPU in use", unit: "percent", queries: [{ expr: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))', legend: "{{instance}}" }] },
    { title: "Memory in use", unit: "percent", queries: [{ expr: "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)", legend: "{{instance}}" }] },
    {
      title: "Volumes filled",
      unit: "percent",
      queries: [{ expr: "100 * max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes)", legend: "{{namespace}}/{{persistentvolumeclaim}}" }],
    },
    { title: "Container restarts (1h)", queries: [{ expr: "sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total[1h])) > 0", legend: "{{namespace}}/{{pod}}" }] },
    { title: "Pods not running", queries: [{ expr: 'sum by (namespace, phase) (kube_pod_status_phase{phase!~"Running|Succeeded"}) > 0', legend: "{{namespace}} {{phase}}" }] },
    { title: "Alerts firing", queries: [{ expr: 'sum by (alertname, severity) (ALERTS{alertstate="firing"})', legend: "{{alertname}} ({{severity}})" }] },
  ],
};

const llmGateway: Dashboard = {
  uid: "homelab-llm-gateway",
  title: "LLM gateway",
  source: "llm-gateway",
  panels: [
    { title: "Requests", unit: "reqps", queries: [{ expr: "sum by (route, status) (rate(llm_gateway_http_requests_total[5m]))", legend: "{{route}} {{status}}" }] },
    {
      title: "Errors",
      unit: "percent",
      queries: [{ expr: '100 * sum(rate(llm_gateway_http_requests_total{status=~"5.."}[5m])) / sum(rate(llm_gateway_http_requests_total[5m]))', legend: "5xx" }],
    },
    {
      title: "Latency (p50, p95)",
      unit: "s",
      queries: [
        { expr: "histogram_quantile(0.5, sum by (le, route) (rate(llm_gateway_http_request_duration_seconds_bucket[5m])))", legend: "p50 {{route}}" },
        { expr: "histogram_quantile(0.95, sum by (le, route) (rate(llm_gateway_http_request_duration_seconds_bucket[5m])))", legend: "p95 {{route}}" },
      ],
    },
    {
      title: "Time to first token (p50, p95)",
      unit: "s",
      queries: [
        { expr: "histogram_quantile(0.5, sum by (le, model) (rate(llm_gateway_time_to_first_token_seconds_bucket[5m])))", legend: "p50 {{model}}" },
        { expr: "histogram_quantile(0.95, sum by (le, model) (rate(llm_gateway_time_to_first_token_seconds_bucket[5m])))", legend: "p95 {{model}}" },
      ],
    },
    { title: "Tokens per second", queries: [{ expr: "sum by (model, direction) (rate(llm_gateway_tokens_total[5m]))", legend: "{{model}} {{direction}}" }] },
    {
      title: "Queue and streams",
      queries: [
        { expr: "sum(llm_gateway_queue_depth)", legend: "waiting" },
        { expr: "sum(llm_gateway_upstream_in_flight)", legend: "generating" },
        { expr: "sum(llm_gateway_active_streams)", legend: "streams" },
      ],
    },
    { title: "Tokens per user (1h)", queries: [{ expr: "sum by (user) (increase(llm_gateway_tokens_total[1h]))", legend: "{{user}}" }] },
    { title: "Upstream errors", queries: [{ expr: "sum by (model, reason) (rate(llm_gateway_upstream_errors_total[5m]))", legend: "{{model}} {{reason}}" }] },
  ],
};

const gpu: Dashboard = {
  uid: "homelab-gpu",
  title: "GPU",
  source: "dcgm",
  panels: [
    { title: "Utilisation", unit: "percent", queries: [{ expr: "avg by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL)", legend: "{{Hostname}} GPU {{gpu}}" }] },
    {
      title: "Memory used",
      unit: "percent",
      queries: [{ expr: "100 * sum by (Hostname, gpu) (DCGM_FI_DEV_FB_USED) / sum by (Hostname, gpu) (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE)", legend: "{{Hostname}} GPU {{gpu}}" }],
    },
    { title: "Temperature", unit: "celsius", queries: [{ expr: "max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP)", legend: "{{Hostname}} GPU {{gpu}}" }] },
    { title: "Power", unit: "watt", queries: [{ expr: "sum by (Hostname, gpu) (DCGM_FI_DEV_POWER_USAGE)", legend: "{{Hostname}} GPU {{gpu}}" }] },
  ],
};

const postgresql: Dashboard = {
  uid: "homelab-postgresql",
  title: "PostgreSQL",
  source: "cloudnative-pg",
  panels: [
    { title: "Instances up", queries: [{ expr: "sum by (namespace, cluster) (cnpg_collector_up)", legend: "{{namespace}}/{{cluster}}" }] },
    { title: "Connections", queries: [{ expr: "sum by (namespace, cluster) (cnpg_backends_total)", legend: "{{namespace}}/{{cluster}}" }] },
    { title: "Database size", unit: "bytes", queries: [{ expr: "sum by (namespace, cluster, datname) (cnpg_pg_database_size_bytes)", legend: "{{namespace}}/{{cluster}} {{datname}}" }] },
    {
      title: "Transactions",
      unit: "ops",
      queries: [
        { expr: "sum by (namespace, cluster) (rate(cnpg_pg_stat_database_xact_commit[5m]))", legend: "commit {{namespace}}/{{cluster}}" },
        { expr: "sum by (namespace, cluster) (rate(cnpg_pg_stat_database_xact_rollback[5m]))", legend: "rollback {{namespace}}/{{cluster}}" },
      ],
    },
    { title: "Time since the last backup", unit: "s", queries: [{ expr: "time() - max by (namespace, cluster) (cnpg_collector_last_available_backup_timestamp > 0)", legend: "{{namespace}}/{{cluster}}" }] },
  ],
};

const traefik: Dashboard = {
  uid: "homelab-traefik",
  title: "Traefik routes",
  source: "traefik",
  panels: [
    { title: "Requests by service", unit: "reqps", queries: [{ expr: "sum by (service) (rate(traefik_service_requests_total[5m]))", legend: "{{service}}" }] },
    {
      title: "Errors by service",
      unit: "reqps",
      queries: [{ expr: 'sum by (service, code) (rate(traefik_service_requests_total{code=~"5.."}[5m]))', legend: "{{service}} {{code}}" }],
    },
    {
      title: "Latency by service (p95)",
      unit: "s",
      queries: [{ expr: "histogram_quantile(0.95, sum by (le, service) (rate(traefik_service_request_duration_seconds_bucket[5m])))", legend: "{{service}}" }],
    },
    { title: "Requests by entry point", unit: "reqps", queries: [{ expr: "sum by (entrypoint) (rate(traefik_entrypoint_requests_total[5m]))", legend: "{{entrypoint}}" }] },
    { title: "Open connections", queries: [{ expr: "sum by (entrypoint) (traefik_open_connections)", legend: "{{entrypoint}}" }] },
  ],
};

const objectStorage: Dashboard = {
  uid: "homelab-object-storage",
  title: "Object storage",
  source: "seaweedfs",
  panels: [
    { title: "S3 requests by type", unit: "reqps", queries: [{ expr: "sum by (type) (rate(SeaweedFS_s3_request_total[5m]))", legend: "{{type}}" }] },
    {
      title: "S3 errors by bucket",
      unit: "reqps",
      queries: [{ expr: 'sum by (bucket, code) (rate(SeaweedFS_s3_request_total{code=~"5.."}[5m]))', legend: "{{bucket}} {{code}}" }],
    },
    { title: "S3 latency (p95)", unit: "s", queries: [{ expr: "histogram_quantile(0.95, sum by (le, type) (rate(SeaweedFS_s3_request_seconds_bucket[5m])))", legend: "{{type}}" }] },
    { title: "Bucket size", unit: "bytes", queries: [{ expr: "max by (bucket) (SeaweedFS_s3_bucket_size_bytes)", legend: "{{bucket}}" }] },
    { title: "Objects per bucket", queries: [{ expr: "max by (bucket) (SeaweedFS_s3_bucket_object_count)", legend: "{{bucket}}" }] },
    {
      title: "Data volume filled",
      unit: "percent",
      queries: [{ expr: '100 * (1 - SeaweedFS_volumeServer_resource{type="avail"} / ignoring (type) SeaweedFS_volumeServer_resource{type="all"})', legend: "{{name}}" }],
    },
  ],
};

export const DASHBOARDS: readonly Dashboard[] = [platformOverview, llmGateway, gpu, postgresql, traefik, objectStorage];
