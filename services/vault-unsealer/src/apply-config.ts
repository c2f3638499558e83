import type { Log } from "./log.ts";
import { applyOidcLogin } from "./oidc-login.ts";
import { ADMIN_POLICY, adminPolicy, AUDIT_DEVICE, type DesiredConfig, KV_MOUNT, MANAGED_PREFIX, managedName, OIDC_ROLES, readerPolicy } from "./platform-config.ts";
import { type Call, type Method, managedKeys, optional, sameFields, syncRoles } from "./vault-reads.ts";
import { vault, type VaultEndpoint } from "./vault-api.ts";

/** Makes Vault hold exactly the declared configuration, writing only what differs; returns what it changed. */
export async function applyConfig(endpoint: VaultEndpoint, token: string, desired: DesiredConfig, log: Log, options: { readonly issuerMayBeDown?: boolean } = {}): Promise<string[]> {
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

  const taken = desired.readers.filter((reader) => Object.values<string>(OIDC_ROLES).includes(managedName(reader.namespace)));
  if (taken.length > 0) throw new Error(`namespace ${taken[0]!.namespace} would take the name of the platform's OIDC role ${managedName(taken[0]!.namespace)}`);
  const policies = new Map(desired.readers.map((reader) => [managedName(reader.namespace), readerPolicy(reader)]));
  if (desired.oidc) policies.set(ADMIN_POLICY, adminPolicy());
  for (const [name, policy] of policies) {
    const current = await optional(call("GET", `sys/policies/acl/${name}`));
    if ((current as { data?: { policy?: string } } | undefined)?.data?.policy !== policy) {
      await change(`wrote policy ${name}`, "PUT", `sys/policies/acl/${name}`, { policy });
    }
  }
  for (const name of await managedKeys(call, "sys/policies/acl")) {
    if (!policies.has(name)) await change(`removed policy ${name}`, "DELETE", `sys/policies/acl/${name}`);
  }

  await syncRoles(call, change, "auth/kubernetes/role", new Map(desired.readers.map((reader) => [managedName(reader.namespace), roleOf(reader)])));
  // Before the secrets are written: whether the client's secret changed decides whether the login's configuration is written again.
  const login = await applyOidcLogin(call, change, desired, log, options.issuerMayBeDown ?? false);
  const kept = login.deferred && desired.oidc ? desired.oidc.clientSecretPath : undefined;

  for (const [path, data] of Object.entries(desired.secrets).filter(([path]) => path !== kept)) {
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

function sameData(wanted: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): boolean {
  return Object.keys(wanted).length === Object.keys(current).length && sameFields(wanted, current);
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
