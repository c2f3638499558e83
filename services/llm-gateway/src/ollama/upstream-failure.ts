import { ApiError } from "../http/api-error.ts";

/** Seconds a client is asked to wait when Ollama's own queue is full. */
export const UPSTREAM_BUSY_RETRY_AFTER_SECONDS = 5;

interface OllamaResponseError extends Error {
  status_code: number;
  error: string;
}

function isOllamaResponseError(error: unknown): error is OllamaResponseError {
  return error instanceof Error && error.name === "ResponseError" && typeof (error as OllamaResponseError).status_code === "number";
}

/** The system error code (ECONNREFUSED, ENOTFOUND, …) of a failure to reach a server, if it is one. */
export function networkErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" && /^E[A-Z_]+$/.test(code) ? code : undefined;
}

export type UpstreamFailureReason = "busy" | "unreachable" | "rejected" | "failed";

/**
 * The part of Ollama's own error text a client can act on, restated in the
 * gateway's words. Anything else (file paths, runner and GPU internals) stays
 * in the log.
 */
export function publicReason(ollamaText: string, model: string): string | undefined {
  if (/\bnot found\b/i.test(ollamaText)) return `model ${model} is not available in Ollama (it has not been pulled)`;
  const capability = /does not support (\w+)/i.exec(ollamaText)?.[1];
  if (capability) return `model ${model} does not support ${capability.toLowerCase()}`;
  if (/more system memory|out of memory/i.test(ollamaText)) return `model ${model} does not fit in the memory Ollama has`;
  return undefined;
}

/** Turns an error from the Ollama client into the response a client of the gateway should see. */
export function toUpstreamApiError(error: unknown, ollamaHost: string, model: string): { reason: UpstreamFailureReason; apiError: ApiError } {
  const detail = `Ollama at ${ollamaHost}: ${error instanceof Error ? error.message : String(error)}`;
  if (isOllamaResponseError(error)) {
    if (error.status_code === 503) {
      return {
        reason: "busy",
        apiError: new ApiError(429, `Ollama is busy (its request queue is full); retry after ${UPSTREAM_BUSY_RETRY_AFTER_SECONDS} s`, {
          code: "upstream_busy",
          retryAfterSeconds: UPSTREAM_BUSY_RETRY_AFTER_SECONDS,
          detail,
        }),
      };
    }
    const reason = publicReason(error.error, model);
    if (error.status_code === 404) {
      const message = reason ?? `model ${model} is not available in Ollama`;
      return { reason: "rejected", apiError: new ApiError(404, message, { code: "model_not_found", detail }) };
    }
    if (error.status_code === 400) {
      const message = `Ollama rejected the request for ${model}${reason ? `: ${reason}` : ""}`;
      return { reason: "rejected", apiError: new ApiError(400, message, { code: "upstream_rejected", detail }) };
    }
    const message = `Ollama answered ${error.status_code} for ${model}${reason ? `: ${reason}` : ""}`;
    return { reason: "failed", apiError: new ApiError(502, message, { code: "upstream_error", detail }) };
  }
  const cause = networkErrorCode(error);
  if (cause !== undefined) {
    return {
      reason: "unreachable",
      apiError: new ApiError(503, `Ollama is unreachable (${cause}); retry later`, { code: "upstream_unavailable", detail }),
    };
  }
  const reason = error instanceof Error ? publicReason(error.message, model) : undefined;
  const message = `Ollama failed while answering with ${model}${reason ? `: ${reason}` : ""}`;
  return { reason: "failed", apiError: new ApiError(502, message, { code: "upstream_error", detail }) };
}
