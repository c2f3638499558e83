import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { renderComponent, resource, resourcesOfType } from "../../render/harness";
import { WebhookGate, type WebhookGateArgs, type WebhookProbe } from "./webhook-gate";

const CLUSTER_SCOPED: WebhookProbe = { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", resource: "clusterissuers", namespaced: false, spec: { selfSigned: {} } };
const NAMESPACED: WebhookProbe = { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", resource: "clusters", namespaced: true, spec: { instances: 1, storage: { size: "1Gi" } } };

function gate(probe: WebhookProbe, change: Partial<WebhookGateArgs> = {}) {
  return renderComponent(() => {
    const operator = new pulumi.ComponentResource("test:index:Operator", "operator");
    const namespaceResource = new pulumi.ComponentResource("test:index:Namespace", "namespace");
    new WebhookGate("gate", { webhook: "hook.example.io", namespace: "ops", namespaceResource, probe, operator, operatorVersion: "1.0.0", sizing: "lean", ...change });
  });
}

interface PodSpec {
  serviceAccountName: string;
  containers: { env: { name: string; value: string }[] }[];
}

describe("WebhookGate", () => {
  it("runs the gate with the probe as a dry run, once, awaited for its deadline and the time to start", async () => {
    const recording = await gate(NAMESPACED, { deadlineSeconds: 600 });
    const job = resource(recording, "kubernetes:batch/v1:Job", "gate-job");
    const spec = job.inputs.spec as { backoffLimit: number; template: { spec: PodSpec } };
    expect(spec.backoffLimit).toBe(0);
    expect(job.inputs.metadata).toMatchObject({ namespace: "ops", annotations: { "pulumi.com/replaceUnready": "true" } });
    expect(spec.template.spec.serviceAccountName).toBe("webhook-gate-clusters");
    expect(Object.fromEntries(spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]))).toEqual({
      WEBHOOK: "hook.example.io",
      PROBE_RESOURCE: "clusters",
      PROBE_OBJECT: JSON.stringify({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "webhook-gate-probe", namespace: "ops" }, spec: NAMESPACED.spec }),
      DEADLINE_SECONDS: "600",
    });
    expect(job.options.dependsOn).toEqual(["operator", "gate-bundle", "gate-account", "gate-role", "gate-role-binding"]);
    expect(job.options.customTimeouts).toEqual({ create: "15m", update: "15m" });
  });

  it("lets a namespaced probe create only its kind, in its namespace, and nothing cluster-wide", async () => {
    const recording = await gate(NAMESPACED);
    expect(resource(recording, "kubernetes:rbac.authorization.k8s.io/v1:Role", "gate-role").inputs).toMatchObject({
      metadata: { name: "webhook-gate-clusters", namespace: "ops" },
      rules: [{ apiGroups: ["postgresql.cnpg.io"], resources: ["clusters"], verbs: ["create"] }],
    });
    expect(resource(recording, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "gate-role-binding").inputs).toMatchObject({
      roleRef: { kind: "Role", name: "webhook-gate-clusters" },
      subjects: [{ kind: "ServiceAccount", name: "webhook-gate-clusters", namespace: "ops" }],
    });
    expect(resourcesOfType(recording, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")).toEqual([]);
  });

  it("lets a cluster-scoped probe create only its kind, bound to the gate's account alone", async () => {
    const recording = await gate(CLUSTER_SCOPED);
    expect(resource(recording, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "gate-cluster-role").inputs.rules).toEqual([
      { apiGroups: ["cert-manager.io"], resources: ["clusterissuers"], verbs: ["create"] },
    ]);
    expect(resource(recording, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "gate-cluster-role-binding").inputs.subjects).toEqual([
      { kind: "ServiceAccount", name: "webhook-gate-clusterissuers", namespace: "ops" },
    ]);
    const env = (resource(recording, "kubernetes:batch/v1:Job", "gate-job").inputs.spec as { template: { spec: PodSpec } }).template.spec.containers[0]!.env;
    expect(JSON.parse(env.find((e) => e.name === "PROBE_OBJECT")!.value).metadata).toEqual({ name: "webhook-gate-probe" });
    expect(env.find((e) => e.name === "DEADLINE_SECONDS")!.value).toBe("300");
  });

  it("runs again when the operator is upgraded, not when nothing changed", async () => {
    const name = async (version: string) => ((await gate(NAMESPACED, { operatorVersion: version })).resources.find((r) => r.name === "gate-job")!.inputs.metadata as { name: string }).name;
    const first = await name("1.0.0");
    expect(first).toMatch(/^webhook-gate-clusters-[0-9a-f]{10}$/);
    expect(await name("1.0.0")).toBe(first);
    expect(await name("1.1.0")).not.toBe(first);
  });
});
