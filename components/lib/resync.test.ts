import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, resourcesOfType } from "../../render/harness";
import { RESYNC_SCHEDULE, resyncSpec } from "./resync";

describe("resyncSpec", () => {
  it("runs the Job's spec on a fixed schedule, one run at a time, skipping rather than catching up", () => {
    const jobSpec = { backoffLimit: 2, template: { spec: { restartPolicy: "Never", containers: [] } } };
    const spec = resyncSpec(jobSpec);
    expect(spec.jobTemplate).toEqual({ spec: jobSpec });
    expect([spec.schedule, spec.concurrencyPolicy]).toEqual([RESYNC_SCHEDULE, "Forbid"]);
    // A run missed by more than its deadline is skipped: the next hour's run does the same work.
    expect(spec.startingDeadlineSeconds).toBeLessThan(3600);
  });
});

describe("the realm sync and Vault's configuration between two `pulumi up`s", () => {
  // Vault's: the same as the run after the realm sync, which fails rather than waits when the issuer does not answer.
  it("each run the same pod hourly as their content-named Job, under a fixed name", async () => {
    const recording = await renderConfig({ ...MINIKUBE, features: { secrets: true, sso: true } });
    const jobs = resourcesOfType(recording, "kubernetes:batch/v1:Job");
    const cronJobs = resourcesOfType(recording, "kubernetes:batch/v1:CronJob");
    const named = (prefix: string) => jobs.find((job) => (job.inputs.metadata as { name: string }).name.startsWith(prefix))!;
    for (const [prefix, cronName] of [["keycloak-config-", "keycloak-config-resync"], ["vault-config-login-", "vault-config-resync"]] as const) {
      const cron = cronJobs.find((c) => (c.inputs.metadata as { name: string }).name === cronName)!;
      const spec = cron.inputs.spec as { schedule: string; jobTemplate: { spec: unknown } };
      expect(spec.schedule).toBe(RESYNC_SCHEDULE);
      expect(JSON.stringify(spec.jobTemplate.spec)).toBe(JSON.stringify(named(prefix).inputs.spec));
    }
  });
});
