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

/** Turns an error from the Ollama client into the response a client of the gateway should see. */
export function toUpstreamApiError(error: unknown, ollamaHost: string, model: string): { reason: UpstreamFailureReason; apiError: ApiError } {
  if (isOllamaResponseError(error)) {
    if (error.status_code === 503) {
      return {
        reason: "busy",
        apiError: new ApiError(429, `Ollama is busy (its request queue is full); retry after ${UPSTREAM_BUSY_RETRY_AFTER_SECONDS} s`, {
          code: "upstream_busy",
          retryAfterSeconds: UPSTREAM_BUSY_RETRY_AFTER_SECONDS,
        }),
      };
    }
    if (error.status_code === 400) {
      return { reason: "rejected", apiError: new ApiError(400, `Ollama rejected the request for ${model}: ${error.error}`, { code: "upstream_rejected" }) };
    }
    return {
      reason: "failed",
      apiError: new ApiError(502, `Ollama answered ${error.status_code} for ${model}: ${error.error}`, { code: "upstream_error" }),
    };
  }
  const cause = networkErrorCode(error);
  if (cause !== undefined) {
    return {
      reason: "unreachable",
      apiError: new ApiError(503, `Ollama at ${ollamaHost} is unreachable (${cause})`, { code: "upstream_unavailable" }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { reason: "failed", apiError: new ApiError(502, `Ollama failed while answering with ${model}: ${message}`, { code: "upstream_error" }) };
}
