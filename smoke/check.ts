import type { HttpsClient } from "./https-client";

/** One line of the report: something reachable at a URL that must answer as expected. */
export interface Check {
  readonly name: string;
  readonly url: string;
  /** How long the check may take. */
  readonly timeoutMs: number;
  /** Resolves with a short detail when the check passes; rejects saying what was wrong. */
  readonly run: (client: HttpsClient) => Promise<string>;
}

export interface CheckResult {
  readonly name: string;
  readonly url: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** The body as JSON, or an error quoting the start of what came instead. */
export function jsonBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`expected JSON, got ${JSON.stringify(body.slice(0, 80))}`);
  }
}

/** Fails with the status and the start of the body unless the status is the expected one. */
export function expectStatus(status: number, expected: number, body: string): void {
  if (status !== expected) throw new Error(`HTTP ${status} (expected ${expected}): ${body.slice(0, 120).replace(/\s+/g, " ").trim()}`);
}
