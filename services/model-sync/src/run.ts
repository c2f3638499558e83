import { ConfigError } from "./config/config-error.ts";
import { readSyncConfig, type Env } from "./config/sync-config.ts";
import type { Log } from "./log.ts";
import { failureText } from "./ollama/failure-text.ts";
import { failureLine, summaryLine } from "./sync/outcome.ts";
import { syncModels } from "./sync/sync-models.ts";
import { writeTerminationMessage } from "./termination-message.ts";

export const EXIT_SYNCED = 0;
export const EXIT_FAILED = 1;
export const EXIT_MISCONFIGURED = 2;

/**
 * Runs one sync with the given environment and returns the exit code. Whatever happens, the
 * last log line and the termination message say it: the summary, or every failed model with
 * Ollama's error.
 */
export async function run(env: Env, log: Log): Promise<number> {
  const terminate = (message: string) => writeTerminationMessage(env.TERMINATION_LOG, message, log);
  try {
    const outcome = await syncModels(readSyncConfig(env), log);
    const summary = summaryLine(outcome);
    if (outcome.failures.length === 0) {
      await terminate(summary);
      log(summary);
      return EXIT_SYNCED;
    }
    const failure = failureLine(outcome.failures);
    log(summary);
    await terminate(`${failure}\n${summary}`);
    log(failure);
    return EXIT_FAILED;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `failed: ${failureText(error)}`;
    await terminate(message);
    log(message);
    return error instanceof ConfigError ? EXIT_MISCONFIGURED : EXIT_FAILED;
  }
}
