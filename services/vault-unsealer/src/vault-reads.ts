import { MANAGED_PREFIX } from "./platform-config.ts";
import { VaultError } from "./vault-api.ts";

export type Method = "GET" | "POST" | "PUT" | "DELETE";
/** A call to Vault with the configuration's token. */
export type Call = (method: Method, path: string, body?: unknown) => Promise<unknown>;
/** Makes one change and records it. */
export type Change = (what: string, method: Method, path: string, body?: unknown) => Promise<void>;

/** A read that answers 404 when there is nothing. */
export async function optional(read: Promise<unknown>): Promise<unknown> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof VaultError && error.status === 404) return undefined;
    throw error;
  }
}

/** Whether every field we set has the value we want; Vault adds defaults of its own to what it returns. */
export function sameFields(wanted: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(wanted).every(([key, value]) => JSON.stringify(current[key]) === JSON.stringify(value));
}

/** The names in a Vault list that carry the platform's prefix. */
export async function managedKeys(call: Call, path: string): Promise<string[]> {
  const listed = (await optional(call("GET", `${path}?list=true`))) as { data?: { keys?: string[] } } | undefined;
  return (listed?.data?.keys ?? []).filter((key) => key.startsWith(`${MANAGED_PREFIX}-`));
}

/** Writes each declared role that differs from Vault's and deletes the platform's roles no longer declared. */
export async function syncRoles(call: Call, change: Change, folder: string, roles: ReadonlyMap<string, Readonly<Record<string, unknown>>>): Promise<void> {
  for (const [name, role] of roles) {
    const current = (await optional(call("GET", `${folder}/${name}`))) as { data?: Record<string, unknown> } | undefined;
    if (!current?.data || !sameFields(role, current.data)) await change(`wrote role ${folder}/${name}`, "POST", `${folder}/${name}`, role);
  }
  for (const name of await managedKeys(call, folder)) {
    if (!roles.has(name)) await change(`removed role ${folder}/${name}`, "DELETE", `${folder}/${name}`);
  }
}
