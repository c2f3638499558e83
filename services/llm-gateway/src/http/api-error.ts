/** The `type` values OpenAI clients know how to turn into their own error classes. */
export type OpenAiErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "rate_limit_error"
  | "server_error"
  | "timeout_error";

export interface OpenAiErrorBody {
  error: {
    message: string;
    type: OpenAiErrorType;
    param: string | null;
    code: string | null;
  };
}

/** 499 is nginx's "client closed request": never sent, only logged and counted. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 413 | 429 | 499 | 500 | 502 | 503 | 504;

/** An error that becomes a response in OpenAI's error shape, so SDKs raise a typed error with this message. */
export class ApiError extends Error {
  readonly type: OpenAiErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly retryAfterSeconds: number | undefined;
  /** What went wrong in terms only the operator should see (internal addresses, upstream text): logged, never sent. */
  readonly detail: string | undefined;
  readonly #headers: Record<string, string>;

  constructor(
    readonly status: ErrorStatus,
    message: string,
    details: {
      type?: OpenAiErrorType;
      param?: string;
      code?: string;
      retryAfterSeconds?: number;
      headers?: Record<string, string>;
      detail?: string;
    } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.type = details.type ?? defaultType(status);
    this.param = details.param ?? null;
    this.code = details.code ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.detail = details.detail;
    this.#headers = details.headers ?? {};
  }

  toBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  headers(): Record<string, string> {
    return this.retryAfterSeconds === undefined ? this.#headers : { ...this.#headers, "Retry-After": String(this.retryAfterSeconds) };
  }
}

function defaultType(status: ErrorStatus): OpenAiErrorType {
  if (status === 401) return "authentication_error";
  if (status === 429) return "rate_limit_error";
  if (status === 504) return "timeout_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

export function tooManyRequests(message: string, retryAfterSeconds: number, code: string): ApiError {
  return new ApiError(429, message, { retryAfterSeconds, code });
}
