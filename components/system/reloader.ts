import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { SYSTEM_CHARTS } from "./charts";
import { platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";

export interface ReloaderArgs {
  readonly sizing: SizingProfile;
}

export const RELOADER_NAMESPACE = "reloader";

/** Workloads annotated with this roll when a ConfigMap or Secret they use changes. */
export const RELOAD_ON_CHANGE = { "reloader.stakater.com/auto": "true" } as const;

/** Chart values: only annotated workloads are rolled, and the pod runs restricted. */
export function reloaderValues(sizing: SizingProfile) {
  return {
    reloader: {
      readOnlyRootFileSystem: true,
      deployment: {
        resources: resources(sizing, "tiny"),
        containerSecurityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
          readOnlyRootFilesystem: true,
        },
      },
    },
  };
}

/** Stakater Reloader: config and secret changes roll the pods that use them. */
export class Reloader extends pulumi.ComponentResource {
  constructor(name: string, args: ReloaderArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:Reloader", name, {}, opts);
    const { namespace } = platformNamespace(
      RELOADER_NAMESPACE,
      { podSecurity: { level: "restricted" }, allow: [{ kind: "api-server" }] },
      { parent: this },
    );
    installChart(name, SYSTEM_CHARTS.reloader, { namespace: RELOADER_NAMESPACE, values: reloaderValues(args.sizing) }, { parent: this, dependsOn: [namespace] });
    this.registerOutputs({});
  }
}
