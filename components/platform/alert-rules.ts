import type { ObjectStorageServerKind } from "../system";
import type { MetricsSource } from "./dashboard";

/** An alert a homelab person must hear about. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** How long it must hold before it fires. */
  readonly for: string;
  readonly severity: "warning" | "critical";
  /** One line, with the labels that say where. */
  readonly summary: string;
  /** What to look at first. */
  readonly runbook: string;
}

export interface AlertGroup {
  readonly name: string;
  /** The exporters its expressions read: the tests check every metric name against them. */
  readonly sources: readonly MetricsSource[];
  readonly rules: readonly AlertRule[];
}

const nodes: AlertGroup = {
  name: "homelab.nodes",
  sources: ["kubernetes"],
  rules: [
    {
      alert: "NodeNotReady",
      expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0',
      for: "5m",
      severity: "critical",
      summary: "Node {{ $labels.node }} is not ready",
      runbook: "kubectl describe node {{ $labels.node }}: look at its conditions and the kubelet's log on the node (journalctl -u k3s or -u kubelet).",
    },
    {
      alert: "NodeDown",
      expr: 'up{job="node-exporter"} == 0',
      for: "5m",
      severity: "critical",
      summary: "Node {{ $labels.instance }} does not answer",
      runbook: "Check that the machine or VM is on and on the network; in Proxmox, look at the VM's console.",
    },
    {
      alert: "NodeDiskAlmostFull",
      expr: 'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes < 0.1',
      for: "15m",
      severity: "warning",
      summary: "{{ $labels.mountpoint }} on {{ $labels.instance }} has less than 10% free",
      runbook: "Free space on the node (old images: crictl rmi --prune) or grow its disk.",
    },
  ],
};

const storage: AlertGroup = {
  name: "homelab.storage",
  sources: ["kubernetes"],
  rules: [
    {
      alert: "VolumeAlmostFull",
      expr: "kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.1",
      for: "15m",
      severity: "warning",
      summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 10% free",
      runbook: "Delete what is not needed in it, or raise its size in the stack file (the key of the component that owns it) and pulumi up.",
    },
  ],
};

const certificates: AlertGroup = {
  name: "homelab.certificates",
  sources: ["kubernetes"],
  rules: [
    {
      alert: "CertificateExpiringSoon",
      expr: "certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 24 * 3600",
      for: "1h",
      severity: "warning",
      summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than 14 days",
      runbook: "cert-manager renews 30 days ahead, so renewal is failing: kubectl describe certificate -n {{ $labels.namespace }} {{ $labels.name }} and its CertificateRequest.",
    },
    {
      alert: "CertificateNotReady",
      expr: 'certmanager_certificate_ready_status{condition="False"} == 1',
      for: "30m",
      severity: "warning",
      summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready",
      runbook: "kubectl describe certificate -n {{ $labels.namespace }} {{ $labels.name }}; with ACME, check the challenge (kubectl get challenges -A).",
    },
  ],
};

const postgresql: AlertGroup = {
  name: "homelab.postgresql",
  sources: ["cloudnative-pg"],
  rules: [
    {
      alert: "PostgresqlDown",
      expr: "cnpg_collector_up == 0",
      for: "5m",
      severity: "critical",
      summary: "PostgreSQL {{ $labels.namespace }}/{{ $labels.cluster }} does not answer its exporter",
      runbook: "kubectl -n {{ $labels.namespace }} get cluster,pods; the instance's log says why PostgreSQL is not up.",
    },
    {
      alert: "PostgresqlBackupFailing",
      expr: "cnpg_collector_last_failed_backup_timestamp > cnpg_collector_last_available_backup_timestamp",
      for: "1h",
      severity: "warning",
      summary: "The last backup of PostgreSQL {{ $labels.namespace }}/{{ $labels.cluster }} failed",
      runbook: "kubectl -n {{ $labels.namespace }} get backups; describe the failed one and check the object store it writes to.",
    },
  ],
};

const gpu: AlertGroup = {
  name: "homelab.gpu",
  sources: ["dcgm"],
  rules: [
    {
      alert: "GpuTooHot",
      expr: "DCGM_FI_DEV_GPU_TEMP > 85",
      for: "5m",
      severity: "warning",
      summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} is at {{ $value }} °C",
      runbook: "Check the case fans and airflow; lower the load (fewer parallel generations) until it cools.",
    },
    {
      alert: "GpuLost",
      expr: "absent_over_time(DCGM_FI_DEV_GPU_TEMP[10m])",
      for: "5m",
      severity: "critical",
      summary: "No GPU has reported for 10 minutes",
      runbook: "kubectl -n gpu-operator get pods: the driver or DCGM exporter may be failing; on the node, nvidia-smi tells whether the GPU fell off the bus.",
    },
    {
      alert: "GpuXidError",
      expr: "DCGM_FI_DEV_XID_ERRORS > 0",
      for: "0m",
      severity: "warning",
      summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} reported XID error {{ $value }}",
      runbook: "Look the XID up in NVIDIA's XID table; 79 (fallen off the bus) needs a reboot of the node.",
    },
  ],
};

const llm: AlertGroup = {
  name: "homelab.llm",
  sources: ["llm-gateway", "kubernetes"],
  rules: [
    {
      alert: "OllamaUnreachable",
      expr: 'sum(increase(llm_gateway_upstream_errors_total{reason="unreachable"}[10m])) > 0 or kube_deployment_status_replicas_available{namespace="ollama",deployment="ollama"} == 0',
      for: "5m",
      severity: "critical",
      summary: "The LLM gateway cannot reach Ollama",
      runbook: "kubectl -n ollama get pods and logs; a model too large for memory makes Ollama restart.",
    },
    {
      alert: "LlmGatewayErrors",
      expr: 'sum(rate(llm_gateway_http_requests_total{status=~"5.."}[10m])) / sum(rate(llm_gateway_http_requests_total[10m])) > 0.05',
      for: "10m",
      severity: "warning",
      summary: "More than 5% of the LLM gateway's requests fail",
      runbook: "kubectl -n llm-gateway logs deploy/llm-gateway: its JSON lines name the failing route and the upstream reason.",
    },
    {
      alert: "LlmGatewaySlow",
      expr: "histogram_quantile(0.95, sum by (le) (rate(llm_gateway_time_to_first_token_seconds_bucket[10m]))) > 30",
      for: "15m",
      severity: "warning",
      summary: "The LLM gateway's 95th percentile time to first token is over 30 s",
      runbook: "Look at the gateway dashboard's queue: requests wait for a free Ollama slot; a smaller model or a GPU helps.",
    },
  ],
};

const jobs: AlertGroup = {
  name: "homelab.jobs",
  sources: ["kubernetes"],
  rules: [
    {
      alert: "JobFailed",
      expr: 'kube_job_failed{condition="true"} > 0',
      for: "0m",
      severity: "warning",
      summary: "Job {{ $labels.namespace }}/{{ $labels.job_name }} failed",
      runbook: "kubectl -n {{ $labels.namespace }} logs job/{{ $labels.job_name }}; model sync and bucket jobs say what they could not do.",
    },
  ],
};

const objectStorage: AlertGroup = {
  name: "homelab.object-storage",
  sources: ["seaweedfs", "kubernetes"],
  rules: [
    {
      alert: "ObjectStorageDown",
      expr: 'kube_deployment_status_replicas_available{namespace="object-storage"} == 0',
      for: "5m",
      severity: "critical",
      summary: "The S3 server {{ $labels.namespace }}/{{ $labels.deployment }} has no pod available",
      runbook: "kubectl -n object-storage get pods,pvc and describe the pod: its volume may be unattached or full; backups and model caches wait meanwhile.",
    },
    {
      alert: "ObjectStorageErrors",
      expr: 'sum(rate(SeaweedFS_s3_request_total{code=~"5.."}[10m])) / sum(rate(SeaweedFS_s3_request_total[10m])) > 0.05',
      for: "10m",
      severity: "warning",
      summary: "More than 5% of the S3 server's requests fail",
      runbook: "kubectl -n object-storage logs deploy/seaweedfs-all-in-one; the Object storage dashboard shows which request type and bucket fail.",
    },
  ],
};

const reloader: AlertGroup = {
  name: "homelab.reloader",
  sources: ["reloader"],
  rules: [
    {
      alert: "ReloaderRollFailed",
      expr: 'increase(reloader_reload_executed_total{success="false"}[15m]) > 0',
      for: "0m",
      severity: "warning",
      summary: "Reloader could not roll a workload after its ConfigMap or Secret changed",
      runbook: "kubectl -n reloader logs -l app.kubernetes.io/name=reloader names the workload; it still runs the old configuration until kubectl rollout restart.",
    },
  ],
};

/**
 * The platform's alert groups; the GPU's only where a GPU reports (the GPU operator's DCGM
 * exporter), the object store's only where SeaweedFS serves its metrics.
 */
export function alertGroups(gpuTelemetry: boolean, objectStorageServer?: ObjectStorageServerKind): AlertGroup[] {
  return [nodes, storage, certificates, postgresql, ...(gpuTelemetry ? [gpu] : []), llm, jobs, ...(objectStorageServer === "seaweedfs" ? [objectStorage] : []), reloader];
}

/** The PrometheusRule's spec. */
export function prometheusRuleSpec(groups: readonly AlertGroup[]) {
  return {
    groups: groups.map((group) => ({
      name: group.name,
      rules: group.rules.map((rule) => ({
        alert: rule.alert,
        expr: rule.expr,
        for: rule.for,
        labels: { severity: rule.severity },
        annotations: { summary: rule.summary, runbook: rule.runbook },
      })),
    })),
  };
}

/**
 * kube-prometheus-stack's own alerts that the platform's say better for a homelab; the rest
 * of its rules (targets down, crash loops, the API server) stay.
 */
export const REPLACED_DEFAULT_ALERTS = ["KubeNodeNotReady", "KubePersistentVolumeFillingUp", "KubeJobFailed", "NodeFilesystemAlmostOutOfSpace"] as const;
