import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** A trigger on a PromQL query: replicas follow the query's value divided by `threshold`. */
export interface PrometheusTrigger {
  readonly kind: "prometheus";
  readonly query: string;
  /** Value per replica. */
  readonly threshold: number;
  /** Above this the workload wakes from zero. @default 0 */
  readonly activationThreshold?: number;
}

/** A trigger on a time window: `desiredReplicas` between `start` and `end` (cron, 5 fields). */
export interface CronTrigger {
  readonly kind: "cron";
  readonly timezone: string;
  readonly start: string;
  readonly end: string;
  readonly desiredReplicas: number;
}

export type ScaleTrigger = PrometheusTrigger | CronTrigger;

/** A workload KEDA scales, and on what. */
export interface ScaledWorkload {
  /** Name of the ScaledObject. */
  readonly name: string;
  readonly namespace: string;
  readonly target: { readonly kind: "Deployment" | "StatefulSet"; readonly name: string };
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Seconds the triggers must stay quiet before the last replica goes (with `minReplicas` 0). @default KEDA's 300 */
  readonly cooldownSeconds?: number;
  readonly triggers: readonly ScaleTrigger[];
}

/** What KEDA's ScaledObject trigger list says for one trigger. */
export function triggerSpec(trigger: ScaleTrigger, prometheusUrl: string | undefined): Record<string, unknown> {
  if (trigger.kind === "cron") {
    return { type: "cron", metadata: { timezone: trigger.timezone, start: trigger.start, end: trigger.end, desiredReplicas: String(trigger.desiredReplicas) } };
  }
  if (!prometheusUrl) throw new Error(`a Prometheus trigger needs the observability layer's Prometheus; it is off`);
  return {
    type: "prometheus",
    metadata: {
      serverAddress: prometheusUrl,
      query: trigger.query,
      threshold: String(trigger.threshold),
      activationThreshold: String(trigger.activationThreshold ?? 0),
    },
  };
}

/** The ScaledObject's spec. */
export function scaledObjectSpec(workload: ScaledWorkload, prometheusUrl: string | undefined): Record<string, unknown> {
  return {
    scaleTargetRef: { apiVersion: "apps/v1", kind: workload.target.kind, name: workload.target.name },
    minReplicaCount: workload.minReplicas,
    maxReplicaCount: workload.maxReplicas,
    ...(workload.cooldownSeconds !== undefined && { cooldownPeriod: workload.cooldownSeconds }),
    triggers: workload.triggers.map((t) => triggerSpec(t, prometheusUrl)),
  };
}

/** Scaling by KEDA, which the data layer offers to the layers after it. */
export interface Scaling {
  /** Whether Prometheus triggers work: the observability layer is on. */
  readonly prometheusUrl?: string;
  /** A ScaledObject for a workload; made after KEDA's webhook accepts them. */
  scale(workload: ScaledWorkload, opts: { readonly parent: pulumi.Resource; readonly dependsOn: readonly pulumi.Resource[] }): k8s.apiextensions.CustomResource;
}

/** Scaling through a KEDA whose webhook gate is `ready`. */
export function scaling(ready: pulumi.Resource, prometheusUrl: string | undefined): Scaling {
  return {
    prometheusUrl,
    scale: (workload, opts) =>
      new k8s.apiextensions.CustomResource(
        `${workload.namespace}-${workload.name}-scaled-object`,
        {
          apiVersion: "keda.sh/v1alpha1",
          kind: "ScaledObject",
          metadata: { name: workload.name, namespace: workload.namespace },
          spec: scaledObjectSpec(workload, prometheusUrl),
        },
        { parent: opts.parent, dependsOn: [ready, ...opts.dependsOn] },
      ),
  };
}
