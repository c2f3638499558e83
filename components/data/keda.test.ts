import { describe, expect, it } from "vitest";
import { kedaAllows, kedaValues } from "./keda";
import { scaledObjectSpec, triggerSpec } from "./keda-scaled-objects";

const PROMETHEUS = { url: "http://prometheus.monitoring.svc:9090", namespace: "monitoring", port: 9090, operator: undefined as never };

describe("kedaValues", () => {
  it("runs the metrics server and webhooks, refusing what the webhook would refuse even while it is away", () => {
    expect(kedaValues("lean", false)).toMatchObject({ crds: { install: true }, webhooks: { enabled: true, failurePolicy: "Fail" }, metricsServer: { enabled: true } });
  });

  it("serves metrics from all three pods only where Prometheus scrapes them", () => {
    const on = { metricServer: { enabled: true }, operator: { enabled: true }, webhooks: { enabled: true } };
    expect(kedaValues("full", true).prometheus).toEqual(on);
    expect(kedaValues("full", false).prometheus).toEqual({ metricServer: { enabled: false }, operator: { enabled: false }, webhooks: { enabled: false } });
  });
});

describe("kedaAllows", () => {
  it("lets the API server call the webhooks and the metrics API, and nothing else in without Prometheus", () => {
    expect(kedaAllows(undefined)).toEqual([{ kind: "api-server" }, { kind: "from-anywhere", ports: [9443, 6443] }, { kind: "within-namespace" }]);
  });

  it("reaches Prometheus's API and lets it scrape the metrics port when it runs", () => {
    expect(kedaAllows(PROMETHEUS)).toContainEqual({ kind: "to-namespace", namespace: "monitoring", ports: [9090] });
    expect(kedaAllows(PROMETHEUS)).toContainEqual({ kind: "from-namespace", namespace: "monitoring", ports: [8080] });
  });
});

describe("scaledObjectSpec", () => {
  const workload = {
    name: "worker",
    namespace: "shop",
    target: { kind: "StatefulSet", name: "shop-worker" },
    minReplicas: 0,
    maxReplicas: 3,
    triggers: [{ kind: "cron", timezone: "Europe/Berlin", start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: 2 }],
  } as const;

  it("targets the workload within its bounds, KEDA's cooldown unless given", () => {
    expect(scaledObjectSpec(workload, undefined)).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "shop-worker" },
      minReplicaCount: 0,
      maxReplicaCount: 3,
      triggers: [{ type: "cron", metadata: { timezone: "Europe/Berlin", start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: "2" } }],
    });
    expect(scaledObjectSpec({ ...workload, cooldownSeconds: 600 }, undefined)).toMatchObject({ cooldownPeriod: 600 });
  });

  it("points Prometheus triggers at the platform's Prometheus, and refuses them without one", () => {
    const trigger = { kind: "prometheus", query: "sum(up)", threshold: 5 } as const;
    expect(triggerSpec(trigger, PROMETHEUS.url)).toEqual({
      type: "prometheus",
      metadata: { serverAddress: PROMETHEUS.url, query: "sum(up)", threshold: "5", activationThreshold: "0" },
    });
    expect(() => triggerSpec(trigger, undefined)).toThrow("a Prometheus trigger needs the observability layer's Prometheus; it is off");
  });
});
