import { type Answer, describeAnswer, verdict } from "./answer.ts";
import type { GateConfig } from "./gate-config.ts";
import type { Log } from "./log.ts";

/** The gate did not open: its message names the webhook, the sample and the last answer. */
export class GateFailure extends Error {
  override name = "GateFailure";
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Waits between attempts: quick at first, when a webhook pod is usually seconds away, then every few seconds. */
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5_000;

export type Post = (path: string, object: unknown) => Promise<Answer>;

/**
 * Sends the sample as a server-side dry-run create until the webhook accepts it, and
 * returns the line that says so. Nothing is stored: `dryRun=All` runs admission and
 * validation only. Throws a GateFailure at once when the answer cannot change by waiting,
 * and at the deadline otherwise; at least one attempt is always made.
 */
export async function waitForWebhook(config: GateConfig, post: Post, log: Log, clock: Clock = SYSTEM_CLOCK): Promise<string> {
  const subject = `${config.object.kind} ${config.object.metadata.name}`;
  const started = clock.now();
  const deadline = started + config.deadlineSeconds * 1000;
  log(`waiting until the admission webhook ${config.webhook} accepts a dry-run create of ${subject} (at most ${config.deadlineSeconds} s)`);
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    const answer = await post(config.path, config.object);
    const seconds = Math.round((clock.now() - started) / 1000);
    const outcome = verdict(answer);
    if (outcome === "accepted") return `the admission webhook ${config.webhook} accepts ${subject} (attempt ${attempt}, after ${seconds} s)`;
    if (outcome === "refused") {
      throw new GateFailure(`the API server refused the dry-run create of ${subject}, which waiting will not change: ${describeAnswer(answer)}`);
    }
    const left = deadline - clock.now();
    if (left <= 0) {
      throw new GateFailure(
        `the admission webhook ${config.webhook} did not accept a dry-run create of ${subject} within ${config.deadlineSeconds} s (${attempt} ${attempt === 1 ? "attempt" : "attempts"}); last answer: ${describeAnswer(answer)}`,
      );
    }
    const wait = Math.min(delay, left);
    log(`attempt ${attempt}: ${describeAnswer(answer)}; again in ${Math.ceil(wait / 1000)} s`);
    await clock.sleep(wait);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
