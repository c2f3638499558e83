/**
 * The words to report for a failed Ollama call. The client already hands over Ollama's own
 * error text (from an HTTP error body or a streamed `{"error": …}` line); a network failure
 * arrives as fetch's bare "fetch failed", so its cause is added.
 */
export function failureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
}

/** Whether Ollama answered 404: the client's ResponseError carries the status but is not exported. */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as Error & { status_code?: unknown }).status_code === 404;
}
