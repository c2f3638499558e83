import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { type Dashboard, dashboardJson } from "./dashboard";
import { DASHBOARD_LABEL } from "./kube-prometheus-stack";

/** Grafana folder the sidecar puts the platform's dashboards in. */
export const DASHBOARD_FOLDER = "homelab";

/** One ConfigMap per dashboard, labelled for Grafana's sidecar, which loads it without a restart. */
export function dashboardConfigMaps(
  dashboards: readonly Dashboard[],
  namespace: string,
  opts: { readonly parent: pulumi.Resource; readonly dependsOn: readonly pulumi.Resource[] },
): k8s.core.v1.ConfigMap[] {
  return dashboards.map(
    (dashboard) =>
      new k8s.core.v1.ConfigMap(
        `${dashboard.uid}-dashboard`,
        {
          metadata: {
            name: dashboard.uid,
            namespace,
            labels: { [DASHBOARD_LABEL.key]: DASHBOARD_LABEL.value },
            annotations: { grafana_folder: DASHBOARD_FOLDER },
          },
          data: { [`${dashboard.uid}.json`]: JSON.stringify(dashboardJson(dashboard)) },
        },
        { parent: opts.parent, dependsOn: [...opts.dependsOn] },
      ),
  );
}
