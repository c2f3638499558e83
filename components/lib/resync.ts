import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Configuration that must hold between two `pulumi up`s: a Job named after its content runs
 * when the declaration changes, and this CronJob runs the same pod on a schedule, so what
 * people change by hand (a client edited in Keycloak's console, a policy in Vault's UI) is
 * put back within the hour.
 *
 * Why not a Job on every `pulumi up`: that needs a name that changes on every run (a time
 * or a run id), so every preview would show a replacement, every render would differ, and a
 * `pulumi up` with nothing to do would still start a pod. The schedule is fixed text, so
 * two renders of the same stack stay byte-identical, and drift is corrected even when
 * nobody runs `pulumi up`.
 */

/** Minute 17 of every hour: off the hour, when other schedules crowd. */
export const RESYNC_SCHEDULE = "17 * * * *";

export interface ResyncArgs {
  /** The CronJob's name, fixed: one per configuration. */
  readonly name: string;
  readonly namespace: string;
  /** The Job's spec, the same the content-named Job runs. */
  readonly jobSpec: k8s.types.input.batch.v1.JobSpec;
}

/** The CronJob's spec: one run at a time, a missed run skipped rather than caught up, the last run kept for its log. */
export function resyncSpec(jobSpec: k8s.types.input.batch.v1.JobSpec): k8s.types.input.batch.v1.CronJobSpec {
  return {
    schedule: RESYNC_SCHEDULE,
    concurrencyPolicy: "Forbid",
    startingDeadlineSeconds: 600,
    successfulJobsHistoryLimit: 1,
    failedJobsHistoryLimit: 1,
    jobTemplate: { spec: jobSpec },
  };
}

export function resyncCronJob(resourceName: string, args: ResyncArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.CronJob {
  return new k8s.batch.v1.CronJob(resourceName, { metadata: { name: args.name, namespace: args.namespace }, spec: resyncSpec(args.jobSpec) }, opts);
}
