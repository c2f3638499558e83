import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";

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
  /** The chart; `Cluster`s depend on it (CRDs and webhook). */
  readonly chart: k8s.helm.v4.Chart;

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
        ],
      },
      { parent: this },
    );
    this.chart = installChart(
      name,
      SYSTEM_CHARTS.cloudnativePg,
      { namespace: CLOUDNATIVE_PG_NAMESPACE, values: { resources: resources(args.sizing, "medium") } },
      { parent: this, dependsOn: [namespace] },
    );
    this.registerOutputs({ chart: this.chart });
  }
}
