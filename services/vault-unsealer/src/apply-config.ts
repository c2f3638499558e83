import type { Log } from "./log.ts";
import { AUDIT_DEVICE, type DesiredConfig, KV_MOUNT, MANAGED_PREFIX, managedName, readerPolicy } from "./platform-config.ts";
import { vault, VaultError, type VaultEndpoint } from "./vault-api.ts";

type Method = "GET" | "POST" | "PUT" | "DELETE";

/** Makes Vault hold exactly the declared configuration, writing only what differs; returns what it changed. */
export async function applyConfig(endpoint: VaultEndpoint, token: string, desired: DesiredConfig, log: Log): Promise<string[]> {
  const call = (method: Method, path: string, body?: unknown) => vault(endpoint, method, path, { token, body });
  const changes: string[] = [];
  const change = async (what: string, method: Method, path: string, body?: unknown) => {
    await call(method, path, body);
    changes.push(what);
    log(what);
  };

  const mounts = (await call("GET", "sys/mounts")) as { data?: Record<string, { type: string; options?: { version?: string } }> };
  const kv = mounts.data?.[`${KV_MOUNT}/`];
  if (!kv) await change(`enabled KV v2 at ${KV_MOUNT}/`, "POST", `sys/mounts/${KV_MOUNT}`, { type: "kv", options: { version: "2" } });
  else if (kv.type !== "kv" || kv.options?.version !== "2") {
    throw new Error(`${KV_MOUNT}/ is a ${kv.type} mount (version ${kv.options?.version ?? "1"}), not KV v2; the platform will not replace it`);
  }

  const audits = (await call("GET", "sys/audit")) as { data?: Record<string, unknown> };
  if (!audits.data?.[`${AUDIT_DEVICE}/`]) {
    await change(`enabled the audit log on stdout`, "PUT", `sys/audit/${AUDIT_DEVICE}`, { type: "file", options: { file_path: "stdout" } });
  }

  const policies = new Map(desired.readers.map((reader) => [managedName(reader.namespace), readerPolicy(reader)]));
  for (const [name, policy] of policies) {
    const current = await optional(call("GET", `sys/policies/acl/${name}`));
    if ((current as { data?: { policy?: string } } | undefined)?.data?.policy !== policy) {
      await change(`wrote policy ${name}`, "PUT", `sys/policies/acl/${name}`, { policy });
    }
  }
  for (const name of await managedKeys(call, "sys/policies/acl")) {
    if (!policies.has(name)) await change(`removed policy ${name}`, "DELETE", `sys/policies/acl/${name}`);
  }

  const roles = new Map(desired.readers.map((reader) => [managedName(reader.namespace), roleOf(reader)]));
  for (const [name, role] of roles) {
    const current = (await optional(call("GET", `auth/kubernetes/role/${name}`))) as { data?: Record<string, unknown> } | undefined;
    if (!current?.data || !sameFields(role, current.data)) await change(`wrote role ${name}`, "POST", `auth/kubernetes/role/${name}`, role);
  }
  for (const name of await managedKeys(call, "auth/kubernetes/role")) {
    if (!roles.has(name)) await change(`removed role ${name}`, "DELETE", `auth/kubernetes/role/${name}`);
  }

  for (const [path, data] of Object.entries(desired.secrets)) {
    if (!path.startsWith(`${MANAGED_PREFIX}/`)) throw new Error(`secret ${path} is outside ${MANAGED_PREFIX}/, which is all the configuration manages`);
    const current = (await optional(call("GET", `${KV_MOUNT}/data/${path}`))) as { data?: { data?: Record<string, string> } } | undefined;
    if (!sameData(data, current?.data?.data ?? {})) {
      // The values are secrets: the log names the path only.
      await change(`wrote secret ${KV_MOUNT}/${path}`, "POST", `${KV_MOUNT}/data/${path}`, { data });
    }
  }
  for (const path of await secretPaths(call, MANAGED_PREFIX)) {
    if (!(path in desired.secrets)) await change(`removed secret ${KV_MOUNT}/${path}`, "DELETE", `${KV_MOUNT}/metadata/${path}`);
  }
  return changes;
}

function roleOf(reader: { namespace: string; serviceAccount: string }) {
  return {
    bound_service_account_names: [reader.serviceAccount],
    bound_service_account_namespaces: [reader.namespace],
    token_policies: [managedName(reader.namespace)],
    token_ttl: 3600,
  };
}

/** Whether every field we set has the value we want; Vault adds defaults of its own to what it returns. */
function sameFields(wanted: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(wanted).every(([key, value]) => JSON.stringify(current[key]) === JSON.stringify(value));
}

function sameData(wanted: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): boolean {
  return Object.keys(wanted).length === Object.keys(current).length && sameFields(wanted, current);
}

/** A read that answers 404 when there is nothing. */
async function optional(read: Promise<unknown>): Promise<unknown> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof VaultError && error.status === 404) return undefined;
    throw error;
  }
}

type Call = (method: Method, path: string) => Promise<unknown>;

/** The names in a Vault list that carry the platform's prefix. */
async function managedKeys(call: Call, path: string): Promise<string[]> {
  const listed = (await optional(call("GET", `${path}?list=true`))) as { data?: { keys?: string[] } } | undefined;
  return (listed?.data?.keys ?? []).filter((key) => key.startsWith(`${MANAGED_PREFIX}-`));
}

/** Every secret below a KV folder, walking its sub-folders. */
async function secretPaths(call: Call, folder: string): Promise<string[]> {
  const listed = (await optional(call("GET", `${KV_MOUNT}/metadata/${folder}?list=true`))) as { data?: { keys?: string[] } } | undefined;
  const paths: string[] = [];
  for (const key of listed?.data?.keys ?? []) {
    if (key.endsWith("/")) paths.push(...(await secretPaths(call, `${folder}/${key.slice(0, -1)}`)));
    else paths.push(`${folder}/${key}`);
  }
  return paths;
}
