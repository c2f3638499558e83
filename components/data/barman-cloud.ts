import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { resources } from "../lib/sizing";
import { CLOUDNATIVE_PG_NAMESPACE } from "../system";
import { DATA_CHARTS } from "./charts";

export interface BarmanCloudArgs {
  readonly sizing: SizingProfile;
  /** cert-manager's readiness: the chart makes an Issuer and the plugin's TLS Certificates. */
  readonly certManager: pulumi.Resource;
  /** The CloudNativePG operator's readiness: the plugin registers with it. */
  readonly operator: pulumi.Resource;
}

/**
 * CloudNativePG's Barman Cloud plugin: archives each Cluster's WAL and base backups to S3
 * through a sidecar it adds to the PostgreSQL pods. It runs beside the operator, which
 * finds plugins by their Service in its own namespace and calls them over mutual TLS.
 */
export class BarmanCloud extends pulumi.ComponentResource {
  /** The `ObjectStore` CRD and the plugin's Deployment: object stores and backed-up Clusters wait for it. */
  readonly ready: pulumi.Resource;

  constructor(name: string, args: BarmanCloudArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:data:BarmanCloud", name, {}, opts);
    this.ready = installChart(
      name,
      DATA_CHARTS.barmanCloud,
      { namespace: CLOUDNATIVE_PG_NAMESPACE, values: { resources: resources(args.sizing, "small") } },
      { parent: this, dependsOn: [args.certManager, args.operator] },
    );
    this.registerOutputs({ ready: this.ready });
  }
}
