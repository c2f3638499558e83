import { ConfigError, type Env, readGateConfig } from "./gate-config.ts";
import { postObject } from "./kube-client.ts";
import type { Log } from "./log.ts";
import { writeTerminationMessage } from "./termination-message.ts";
import { GateFailure, waitForWebhook } from "./wait-for-webhook.ts";

export const EXIT_OPEN = 0;
export const EXIT_FAILED = 1;
export const EXIT_MISCONFIGURED = 2;

/** Runs the gate with the given environment and returns the exit code; the last log line and the termination message say why. */
export async function run(env: Env, log: Log): Promise<number> {
  const finish = async (message: string, code: number) => {
    await writeTerminationMessage(env.TERMINATION_LOG, message, log);
    log(message);
    return code;
  };
  try {
    const config = readGateConfig(env);
    const opened = await waitForWebhook(config, (path, object) => postObject(config.api, path, object), log);
    return await finish(opened, EXIT_OPEN);
  } catch (error) {
    if (error instanceof ConfigError) return finish(error.message, EXIT_MISCONFIGURED);
    if (error instanceof GateFailure) return finish(`failed: ${error.message}`, EXIT_FAILED);
    throw error;
  }
}
