import { callJson, type JsonAnswer, type JsonRequest } from "./http-json.ts";

/** How to reach one Vault pod's API. */
export interface VaultEndpoint {
  /** e.g. `https://vault-0.vault-internal:8200` */
  readonly address: string;
  /** PEM of the CA that signed Vault's listener certificate. @default the system's */
  readonly ca?: string;
}

export interface SealStatus {
  readonly initialized: boolean;
  readonly sealed: boolean;
  /** Keys needed to unseal. */
  readonly t: number;
  readonly progress: number;
}

export interface InitAnswer {
  readonly keys_base64: readonly string[];
  readonly root_token: string;
}

/** Vault answered, but not with success: its status and its own errors. */
export class VaultError extends Error {
  override readonly name = "VaultError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls Vault's HTTP API, with a token when given; throws a VaultError naming the call on anything but 2xx. */
export async function vault(endpoint: VaultEndpoint, method: JsonRequest["method"], path: string, options: { body?: unknown; token?: string } = {}): Promise<unknown> {
  const answer: JsonAnswer = await callJson(`${endpoint.address}/v1/${path}`, {
    method,
    body: options.body,
    ...(endpoint.ca && { ca: endpoint.ca }),
    ...(options.token && { headers: { "x-vault-token": options.token } }),
  });
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  throw new VaultError(answer.status, `${method} ${endpoint.address}/v1/${path}: HTTP ${answer.status}: ${errorsOf(answer.body)}`);
}

export const sealStatus = (endpoint: VaultEndpoint) => vault(endpoint, "GET", "sys/seal-status") as Promise<SealStatus>;

/** Starts a new Vault: one key share, since every share would sit in the same Secret anyway. */
export const initialise = (endpoint: VaultEndpoint) =>
  vault(endpoint, "PUT", "sys/init", { body: { secret_shares: 1, secret_threshold: 1 } }) as Promise<InitAnswer>;

export const unsealWith = (endpoint: VaultEndpoint, key: string) => vault(endpoint, "PUT", "sys/unseal", { body: { key } }) as Promise<SealStatus>;

function errorsOf(body: unknown): string {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) && errors.length > 0 ? errors.join("; ") : JSON.stringify(body ?? "");
}
