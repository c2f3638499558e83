import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { renderComponent, resource, resourcesOfType } from "../../render/harness";
import { plain } from "../../render/secret";
import { deliverAtOnce } from "../lib/credentials";
import { EndpointRegistry } from "../lib/endpoints";
import { EVERY_NAMESPACE, type ScrapeTarget } from "../lib/scrape-target";
import { kubePrometheusStackValues } from "./kube-prometheus-stack";
import { Monitoring, monitoringAllows } from "./monitoring";
import { admittedPorts, podMonitorSpec } from "./pod-monitors";

const TRAEFIK: ScrapeTarget = { name: "traefik", namespace: "traefik", podLabels: { "app.kubernetes.io/name": "traefik" }, portName: "metrics", port: 9100 };
const POSTGRES: ScrapeTarget = { name: "postgresql", namespace: EVERY_NAMESPACE, podLabels: { "cnpg.io/podRole": "instance" }, portName: "metrics", port: 9187 };
const SPEAKER: ScrapeTarget = { name: "speaker", namespace: "metallb-system", podLabels: { component: "speaker" }, portName: "monitoring", port: 7472, hostNetwork: true };
const CONTROLLER: ScrapeTarget = { ...SPEAKER, name: "controller", podLabels: { component: "controller" }, hostNetwork: false, port: 7473 };

function values(sizing: "lean" | "full") {
  return kubePrometheusStackValues({ sizing, storage: { retention: "3d", size: "5Gi" }, storageClass: "standard", grafanaUrl: "https://grafana.homelab.test" });
}

describe("kube-prometheus-stack values", () => {
  it("scrape no control plane part that listens only on the node's loopback, nor alert on one", () => {
    const v = values("lean");
    expect([v.kubeControllerManager, v.kubeScheduler, v.kubeEtcd, v.kubeProxy]).toEqual(Array(4).fill({ enabled: false }));
    expect(v.defaultRules.rules).toMatchObject({ etcd: false, kubeControllerManager: false, kubeProxy: false, kubeSchedulerAlerting: false });
  });

  it("let cert-manager issue the operator's webhook certificate, which a Helm hook would otherwise make", () => {
    expect(values("lean").prometheusOperator.admissionWebhooks).toEqual({ certManager: { enabled: true } });
  });

  it("select monitors and rules from every namespace, not only the release's", () => {
    expect(values("lean").prometheus.prometheusSpec).toMatchObject({
      serviceMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
    });
  });

  it("keep samples on a volume, pruned before it fills", () => {
    expect(values("lean").prometheus.prometheusSpec).toMatchObject({
      retention: "3d",
      retentionSize: "4096MB",
      storageSpec: { volumeClaimTemplate: { spec: { storageClassName: "standard", resources: { requests: { storage: "5Gi" } } } } },
    });
  });

  it("give Grafana its admin from the delivered Secret and its public URL", () => {
    expect(values("full").grafana).toMatchObject({
      admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
      "grafana.ini": { server: { root_url: "https://grafana.homelab.test" } },
    });
  });

  it("size every workload by profile", () => {
    expect(values("lean").prometheus.prometheusSpec.resources.requests.memory).toBe("256Mi");
    expect(values("full").prometheus.prometheusSpec.resources.requests.memory).toBe("512Mi");
  });
});

describe("scraping what earlier layers declared", () => {
  it("makes a PodMonitor in the target's namespace, or in every namespace", () => {
    expect(podMonitorSpec(TRAEFIK)).toEqual({
      namespaceSelector: { matchNames: ["traefik"] },
      selector: { matchLabels: { "app.kubernetes.io/name": "traefik" } },
      podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }],
    });
    expect(podMonitorSpec(POSTGRES).namespaceSelector).toEqual({ any: true });
  });

  it("admits Prometheus per namespace to each port once, leaving host-network pods and every-namespace targets out", () => {
    expect([...admittedPorts([TRAEFIK, POSTGRES, SPEAKER, CONTROLLER, { ...CONTROLLER, name: "again" }])]).toEqual([
      ["traefik", [9100]],
      ["metallb-system", [7473]],
    ]);
  });

  it("lets Prometheus reach the nodes' exporters and the host-network targets", () => {
    expect(monitoringAllows([SPEAKER])).toContainEqual({ kind: "to-nodes", ports: [9100, 10250, 7472] });
  });
});

describe("Monitoring", () => {
  it("installs the stack after cert-manager and the admin Secret, exposes Grafana and watches each target", async () => {
    const endpoints = new EndpointRegistry();
    const recording = await renderComponent(
      () =>
        new Monitoring("monitoring", {
          sizing: "lean",
          storage: { retention: "3d", size: "5Gi" },
          storageClass: "standard",
          scrapeTargets: [TRAEFIK],
          dependsOn: [new pulumi.ComponentResource("test:index:System", "system")],
          exposure: { domain: "homelab.test", address: "192.168.49.200", endpoints, httpsListener: () => "https", gatewayPodHttpsPort: 8443, dependsOn: [] },
          credentials: deliverAtOnce(),
        }),
    );
    const chart = resource(recording, "kubernetes:helm.sh/v4:Chart", "kube-prometheus-stack-chart");
    expect(chart.inputs).toMatchObject({ chart: "kube-prometheus-stack", version: "88.5.3", namespace: "monitoring" });
    expect(chart.options.dependsOn).toEqual(expect.arrayContaining(["monitoring-namespace", "monitoring-grafana-admin", "system"]));
    const admin = plain(resource(recording, "kubernetes:core/v1:Secret", "monitoring-grafana-admin").inputs, true) as { metadata: unknown; stringData: Record<string, string> };
    expect(admin.metadata).toEqual({ name: "grafana-admin", namespace: "monitoring" });
    expect(admin.stringData["admin-user"]).toBe("admin");
    expect(endpoints.urls()).toEqual({ grafana: "https://grafana.homelab.test" });
    expect(resource(recording, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "traefik-pod-monitor").options.dependsOn).toContain("kube-prometheus-stack-chart");
    const allow = resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "traefik-allow-prometheus");
    expect(allow.inputs.spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ protocol: "TCP", port: 9100 }] }],
    });
    expect(resourcesOfType(recording, "kubernetes:monitoring.coreos.com/v1:PodMonitor")).toHaveLength(1);
  });
});
