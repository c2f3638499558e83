/** What one dry-run create came back with. */
export type Answer =
  | { readonly kind: "http"; readonly status: number; readonly body: unknown }
  | { readonly kind: "no-answer"; readonly reason: string };

/**
 * - `accepted`: the admission chain let the object through (201/200), or it got as far as
 *   storage and found the name taken (409), which only happens after the webhooks agreed.
 * - `retry`: the webhook or the API is not there yet: no answer, 5xx (the API server could
 *   not call the webhook), 404 (the CRD is not served yet), 429.
 * - `refused`: an answer that waiting will not change: the service account may not create
 *   the kind (401/403), or the webhook rejected the sample itself (400/422).
 */
export type Verdict = "accepted" | "retry" | "refused";

export function verdict(answer: Answer): Verdict {
  if (answer.kind === "no-answer") return "retry";
  const { status } = answer;
  if ((status >= 200 && status < 300) || status === 409) return "accepted";
  if (status >= 500 || status === 404 || status === 429) return "retry";
  return "refused";
}

/** One line for logs and errors: the status and the API server's own message. */
export function describeAnswer(answer: Answer): string {
  if (answer.kind === "no-answer") return `no answer from the API server (${answer.reason})`;
  const message = statusMessage(answer.body);
  return message ? `HTTP ${answer.status}: ${message}` : `HTTP ${answer.status}`;
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim().slice(0, 500) || undefined;
  if (typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string") {
    return (body as { message: string }).message;
  }
  return undefined;
}
