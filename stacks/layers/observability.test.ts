import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, resource, resourcesOfType } from "../../render/harness";
import type { Recording } from "../../render/run-under-mocks";
import { Secret } from "../../render/secret";
import { parseConfig } from "../config";

const ON = { ...MINIKUBE, features: { observability: true } };

function problems(values: Record<string, unknown>): readonly string[] {
  const result = parseConfig(values);
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

  it("keeps samples by the sizing profile unless the stack file says otherwise", async () => {
    expect(chartValues(await renderConfig(ON)).prometheus.prometheusSpec).toMatchObject({ retention: "3d", retentionSize: "4096MB" });
    const longer = await renderConfig({ ...ON, observability: { prometheus: { retention: "30d", size: "50Gi" } } });
    expect(chartValues(longer).prometheus.prometheusSpec).toMatchObject({ retention: "30d", retentionSize: "40960MB" });
  });

  it("outputs Grafana with its admin login and the in-cluster Prometheus and Alertmanager", async () => {
    const recording = await renderConfig(ON);
    expect(recording.outputs.observability).toEqual({
      grafana: "https://grafana.homelab.test",
      prometheus: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
      alertmanager: "http://kube-prometheus-stack-alertmanager.monitoring.svc:9093",
    });
    expect((recording.outputs.credentials as Record<string, unknown>).grafana).toEqual({ username: "admin", password: expect.any(Secret) });
  });

  it("scrapes the system layer's workloads and the LLM gateway, each namespace letting Prometheus in on its metrics ports", async () => {
    const recording = await renderConfig({ ...ON, features: { observability: true, llm: true } });
    const monitors = resourcesOfType(recording, "kubernetes:monitoring.coreos.com/v1:PodMonitor").map((m) => m.name);
    expect(monitors).toEqual(expect.arrayContaining(["traefik-pod-monitor", "cert-manager-pod-monitor", "cloudnative-pg-pod-monitor", "postgresql-pod-monitor", "metallb-controller-pod-monitor"]));
    expect(resource(recording, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "llm-gateway-monitor").options.dependsOn).toContain("kube-prometheus-stack-chart");
    expect(ingressFromMonitoring(recording, "traefik")).toEqual([9100]);
    expect(ingressFromMonitoring(recording, "llm-gateway")).toEqual([8080, 9187]);
    expect(ingressFromMonitoring(recording, "open-webui")).toEqual([9187]);
  });

  it("adds nothing, and no monitor elsewhere, while off", async () => {
    const recording = await renderConfig(MINIKUBE);
    expect(recording.resources.filter((r) => r.type.startsWith("homelab:platform:") || r.type.startsWith("kubernetes:monitoring.coreos.com"))).toEqual([]);
    expect(recording.outputs).not.toHaveProperty("observability");
  });
});
