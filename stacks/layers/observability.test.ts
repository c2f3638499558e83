import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, resource, resourcesOfType } from "../../render/harness";
import type { Recording } from "../../render/run-under-mocks";
import { plain, Secret } from "../../render/secret";
import { parseConfig } from "../config";

const ON = { ...MINIKUBE, features: { observability: true } };

function problems(values: Record<string, unknown>, secretKeys: readonly string[] = []): readonly string[] {
  const result = parseConfig(values, secretKeys);
  return result.ok ? [] : result.problems;
}

function chartValues(recording: Recording): Record<string, any> {
  return resource(recording, "kubernetes:helm.sh/v4:Chart", "kube-prometheus-stack-chart").inputs.values as Record<string, any>;
}

function ingressFromMonitoring(recording: Recording, namespace: string): number[] {
  return resourcesOfType(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
    .filter((p) => (p.inputs.metadata as { namespace: string }).namespace === namespace)
    .flatMap((p) => ((p.inputs.spec as { ingress?: { from?: { namespaceSelector?: { matchLabels?: Record<string, string> } }[]; ports?: { port: number }[] }[] }).ingress ?? []))
    .filter((rule) => rule.from?.some((peer) => peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "monitoring"))
    .flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
}

describe("the observability layer", () => {
  it("checks its keys, naming each", () => {
    expect(problems({ ...ON, observability: { prometheus: { retention: "2 weeks", size: "big" } } })).toEqual([
      'homelab:observability.prometheus.retention: expected a duration such as 15d (h, d, w or y); got "2 weeks"',
      'homelab:observability.prometheus.size: expected a size such as 20Gi; got "big"',
    ]);
    expect(problems({ ...MINIKUBE, observability: {} })).toEqual([
      "homelab:observability: set, but features.observability is off; turn the feature on or remove the key",
    ]);
  });

  it("names each receiver setting that is wrong, and each secret a receiver lacks or no receiver uses", () => {
    expect(problems({ ...ON, observability: { alerts: { telegram: { chatId: "me" }, webhook: { url: "ftp://x" }, email: { to: "me", from: "a@b.example", smarthost: "smtp" } } } })).toEqual([
      'homelab:observability.alerts.telegram.chatId: expected number, got "me"',
      'homelab:observability.alerts.email.to: expected an email address; got "me"',
      'homelab:observability.alerts.email.smarthost: expected host:port of the SMTP server, e.g. smtp.example.com:587; got "smtp"',
      'homelab:observability.alerts.webhook.url: expected an http(s) URL such as https://hooks.example.com/alerts; got "ftp://x"',
    ]);
    const secret = { secure: "v1:abc" };
    expect(problems({ ...ON, alertNtfyToken: secret, observability: { alerts: { telegram: { chatId: 1 }, email: { to: "a@b.example", from: "a@b.example", smarthost: "smtp.b.example:587", username: "a" } } } }, ["alertNtfyToken"])).toEqual([
      "homelab:alertTelegramBotToken: required by homelab:observability.alerts.telegram; set it with `pulumi config set --secret alertTelegramBotToken <value>`",
      "homelab:alertNtfyToken: set, but homelab:observability.alerts.ntfy is not; remove it or configure that receiver",
      "homelab:alertEmailPassword: required by homelab:observability.alerts.email.username; set it with `pulumi config set --secret alertEmailPassword <value>`",
    ]);
    expect(problems({ ...MINIKUBE, alertTelegramBotToken: secret }, ["alertTelegramBotToken"])).toEqual([
      "homelab:alertTelegramBotToken: set, but features.observability is off; turn the feature on or remove the key",
    ]);
  });

  it("delivers Alertmanager's configuration as a credential and lets it call its receivers", async () => {
    const recording = await renderConfig({
      ...ON,
      // Plain Secrets, so this test sees the configuration itself rather than its ExternalSecret.
      features: { ...ON.features, secrets: false },
      alertTelegramBotToken: { secure: "v1:abc" },
      observability: { alerts: { telegram: { chatId: -100 }, webhook: { url: "http://hooks.lan:8080/a" } } },
    });
    const secret = resource(recording, "kubernetes:core/v1:Secret", "monitoring-alertmanager-config");
    expect(secret.inputs.metadata).toEqual({ name: "alertmanager-kube-prometheus-stack-alertmanager", namespace: "monitoring" });
    expect(plain(secret.inputs.stringData, true)).toEqual({ "alertmanager.yaml": expect.stringContaining("chat_id: -100") });
    const allow = resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "monitoring-allow").inputs.spec as { egress: { to: unknown[]; ports?: { port: number }[] }[] };
    const receiverPorts = [443, 8080].map((port) => ({ protocol: "TCP", port }));
    expect(allow.egress).toContainEqual({ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"] } }], ports: receiverPorts });
    // hooks.lan is the homelab's own: the LAN is reachable on the receivers' ports too.
    expect(allow.egress).toContainEqual({ to: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((cidr) => ({ ipBlock: { cidr } })), ports: receiverPorts });
  });

  it("keeps samples by the sizing profile unless the stack file says otherwise", async () => {
    expect(chartValues(await renderConfig(ON)).prometheus.prometheusSpec).toMatchObject({ retention: "3d", retentionSize: "4096MB" });
    const longer = await renderConfig({ ...ON, observability: { prometheus: { retention: "30d", size: "50Gi" } } });
    expect(chartValues(longer).prometheus.prometheusSpec).toMatchObject({ retention: "30d", retentionSize: "40960MB" });
  });

  it("keeps logs by the sizing profile unless the stack file says otherwise", async () => {
    const loki = (recording: Recording) => resource(recording, "kubernetes:helm.sh/v4:Chart", "loki-chart").inputs.values as Record<string, any>;
    expect(loki(await renderConfig(ON))).toMatchObject({ loki: { limits_config: { retention_period: "3d" } }, singleBinary: { persistence: { size: "5Gi", storageClass: "standard" } } });
    const longer = await renderConfig({ ...ON, observability: { logs: { retention: "30d", size: "50Gi" } } });
    expect(loki(longer)).toMatchObject({ loki: { limits_config: { retention_period: "30d" } }, singleBinary: { persistence: { size: "50Gi" } } });
  });

  it("outputs Grafana with its admin login and the in-cluster Prometheus and Alertmanager", async () => {
    const recording = await renderConfig(ON);
    expect(recording.outputs.observability).toEqual({
      grafana: "https://grafana.homelab.test",
      prometheus: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
      alertmanager: "http://kube-prometheus-stack-alertmanager.monitoring.svc:9093",
      loki: "http://loki.monitoring.svc:3100",
    });
    expect((recording.outputs.credentials as Record<string, unknown>).grafana).toEqual({ username: "admin", password: expect.any(Secret) });
  });

  it("scrapes the system layer's workloads (Reloader and SeaweedFS too) and the LLM gateway, each namespace letting Prometheus in on its metrics ports", async () => {
    const recording = await renderConfig({ ...ON, features: { observability: true, llm: true, objectStorage: true } });
    const monitors = resourcesOfType(recording, "kubernetes:monitoring.coreos.com/v1:PodMonitor").map((m) => m.name);
    expect(monitors).toEqual(
      expect.arrayContaining(["traefik-pod-monitor", "cert-manager-pod-monitor", "cloudnative-pg-pod-monitor", "postgresql-pod-monitor", "metallb-controller-pod-monitor", "reloader-pod-monitor", "seaweedfs-pod-monitor"]),
    );
    expect(ingressFromMonitoring(recording, "reloader")).toEqual([9090]);
    expect(ingressFromMonitoring(recording, "object-storage")).toEqual([9324]);
    const rules = resource(recording, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "monitoring-alert-rules").inputs.spec as { groups: { name: string }[] };
    expect(rules.groups.map((g) => g.name)).toEqual(expect.arrayContaining(["homelab.object-storage", "homelab.reloader"]));
    expect(resource(recording, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "llm-gateway-monitor").options.dependsOn).toContain("kube-prometheus-stack-chart");
    expect(ingressFromMonitoring(recording, "traefik")).toEqual([9100]);
    expect(ingressFromMonitoring(recording, "llm-gateway")).toEqual([9464, 9187]);
    expect(ingressFromMonitoring(recording, "open-webui")).toEqual([9187]);
  });

  it("ships the nodes' journals on bare metal only, where the program built the machines", async () => {
    const alloy = (recording: Recording) => (resource(recording, "kubernetes:helm.sh/v4:Chart", "alloy-chart").inputs.values as { alloy: { configMap: { content: string } } }).alloy.configMap.content;
    expect(alloy(await renderConfig(ON))).not.toContain("loki.source.journal");
    const metal = { target: "bare-metal", domain: "lab.home.arpa", cluster: { stack: "homelab-metal" }, loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] } };
    expect(alloy(await renderConfig(metal))).toContain('loki.source.journal "node"');
  });

  it("puts logs into Elasticsearch with Kibana instead of Loki when asked, outputting Kibana and its login", async () => {
    const recording = await renderConfig({ ...ON, observability: { logs: { backend: "elasticsearch" } } });
    const charts = resourcesOfType(recording, "kubernetes:helm.sh/v4:Chart").map((c) => c.name);
    expect(charts).toEqual(expect.arrayContaining(["eck-operator-chart", "fluent-bit-chart"]));
    expect(charts).not.toEqual(expect.arrayContaining(["loki-chart"]));
    expect(charts).not.toEqual(expect.arrayContaining(["alloy-chart"]));
    expect(recording.outputs.observability).toEqual({
      grafana: "https://grafana.homelab.test",
      kibana: "https://kibana.homelab.test",
      prometheus: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
      alertmanager: "http://kube-prometheus-stack-alertmanager.monitoring.svc:9093",
      elasticsearch: "http://logs-es-http.monitoring.svc:9200",
    });
    expect((recording.outputs.credentials as Record<string, unknown>).elasticsearch).toEqual({ username: "homelab-admin", password: expect.any(Secret) });
    expect(resourcesOfType(recording, "kubernetes:monitoring.coreos.com/v1:PodMonitor").map((m) => m.name)).toContain("fluent-bit-pod-monitor");
  });

  it("keeps Elasticsearch's indices for the logs' retention", async () => {
    const recording = await renderConfig({ ...ON, observability: { logs: { backend: "elasticsearch", retention: "2w" } } });
    const [job] = resourcesOfType(recording, "kubernetes:batch/v1:Job").filter((j) => j.name === "elastic-logs-index-lifecycle");
    const env = (job!.inputs.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }).template.spec.containers[0]!.env;
    expect(JSON.parse(env.find((e) => e.name === "POLICY")!.value!).policy.phases.delete.min_age).toBe("14d");
  });

  it("adds nothing, and no monitor elsewhere, while off", async () => {
    const recording = await renderConfig(MINIKUBE);
    const observability = ["Observability", "Monitoring", "Logs"].map((name) => `homelab:platform:${name}`);
    expect(recording.resources.filter((r) => observability.includes(r.type) || r.type.startsWith("kubernetes:monitoring.coreos.com"))).toEqual([]);
    expect(recording.outputs).not.toHaveProperty("observability");
  });
});
