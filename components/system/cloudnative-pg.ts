import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import { WebhookGate } from "../lib/webhook-gate";

export interface CloudNativePgArgs {
  readonly sizing: SizingProfile;
}

export const CLOUDNATIVE_PG_NAMESPACE = "cnpg-system";

/** Port of the instance manager in every PostgreSQL pod, which the operator calls. */
export const CNPG_INSTANCE_MANAGER_PORT = 8000;

/**
 * The CloudNativePG operator: every PostgreSQL of the platform (Keycloak, Open WebUI, the
 * gateway, app databases) is a `Cluster` it runs. Its webhook certificate is made by the
 * operator itself, not by a Helm hook.
 */
export class CloudNativePg extends pulumi.ComponentResource {
  /** `Cluster`s depend on this: the chart's CRDs, and its webhook accepting requests. */
  readonly ready: pulumi.Resource;

  constructor(name: string, args: CloudNativePgArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:CloudNativePg", name, {}, opts);
    const { namespace } = platformNamespace(
      CLOUDNATIVE_PG_NAMESPACE,
      {
        podSecurity: { level: "restricted" },
        allow: [
          { kind: "api-server" },
          // 9443: the operator's admission webhook, called by the API server.
          { kind: "from-anywhere", ports: [9443] },
          { kind: "to-cluster-pods" },
          // Plugins installed beside the operator (the data layer's Barman Cloud) answer it here.
          { kind: "within-namespace" },
        ],
      },
      { parent: this },
    );
    const chart = installChart(
      name,
      SYSTEM_CHARTS.cloudnativePg,
      { namespace: CLOUDNATIVE_PG_NAMESPACE, values: { resources: resources(args.sizing, "medium") } },
      { parent: this, dependsOn: [namespace] },
    );
    // The operator makes its webhook certificate itself after it starts: until then the
    // API server cannot call the webhook (cloudnative-pg#1790).
    this.ready = new WebhookGate(
      `${name}-webhook-gate`,
      {
        webhook: "vcluster.cnpg.io",
        namespace: CLOUDNATIVE_PG_NAMESPACE,
        namespaceResource: namespace,
        probe: { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", resource: "clusters", namespaced: true, spec: { instances: 1, storage: { size: "1Gi" } } },
        operator: chart,
        operatorVersion: SYSTEM_CHARTS.cloudnativePg.version,
        sizing: args.sizing,
      },
      { parent: this },
    );
    this.registerOutputs({ ready: this.ready });
  }
}
