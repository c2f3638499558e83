import { Ollama } from "ollama";
import type { Log } from "../log.ts";
import { failureText } from "./failure-text.ts";

const ATTEMPT_TIMEOUT_MS = 5_000;
const RETRY_INTERVAL_MS = 1_000;

export class OllamaUnreachable extends Error {
  override name = "OllamaUnreachable";
}

/**
 * Asks Ollama for its version until it answers or `timeoutMs` has passed: the Job may start
 * before Ollama's pod is ready. Each attempt has its own timeout, so an address that drops
 * packets cannot stall the wait beyond its bound.
 */
export async function waitForOllama(host: string, timeoutMs: number, log: Log): Promise<string> {
  const client = new Ollama({ host, fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) }) });
  const deadline = Date.now() + timeoutMs;
  let reported = false;
  for (;;) {
    try {
      return (await client.version()).version;
    } catch (error) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new OllamaUnreachable(`Ollama at ${host} did not answer within ${timeoutMs / 1000} s; last error: ${failureText(error)}`);
      }
      if (!reported) log(`waiting up to ${timeoutMs / 1000} s for Ollama at ${host}: ${failureText(error)}`);
      reported = true;
      await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_INTERVAL_MS, remaining)));
    }
  }
}
