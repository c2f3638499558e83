/**
 * What the platform declares in Vault, and the names that mark what it made: policies and
 * Kubernetes-auth roles called `platform-<namespace>`, secrets under `kv/platform/`. Only
 * those are ever changed or removed; people's own (`kv/apps/…`, other policies) are not.
 */

/** The KV v2 mount every platform and app secret lives in. */
export const KV_MOUNT = "kv";
/** Prefix of what the configuration owns: policies, roles, and the KV folder of credentials. */
export const MANAGED_PREFIX = "platform";
/** The policy and role of the configuration Job itself, made by the unsealer; outside the managed prefix so the Job cannot change its own rights. */
export const CONFIG_ROLE = "homelab-config";
/** The audit device: Vault's audit log on its own stdout, so it goes where the pod logs go. */
export const AUDIT_DEVICE = "stdout";

/** A namespace whose ServiceAccount may read secrets: the platform's under `kv/platform/<ns>/`, an app's under `kv/apps/<ns>/`. */
export interface Reader {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** KV folders (below the mount) it may read. */
  readonly paths: readonly string[];
}

export interface DesiredConfig {
  readonly readers: readonly Reader[];
  /** KV path below the mount (`platform/llm/gateway-keys`) → its key/value pairs. */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const managedName = (namespace: string) => `${MANAGED_PREFIX}-${namespace}`;

/** The read-only policy of one reader: its folders, data and metadata. */
export function readerPolicy(reader: Reader): string {
  return reader.paths
    .flatMap((path) => [
      `path "${KV_MOUNT}/data/${path}/*" {\n  capabilities = ["read"]\n}`,
      `path "${KV_MOUNT}/metadata/${path}/*" {\n  capabilities = ["read", "list"]\n}`,
    ])
    .join("\n");
}

/**
 * What the configuration Job may do: its own part of Vault and nothing else. It cannot
 * read the recovery material, touch other auth methods, or change its own policy.
 */
export function configPolicy(): string {
  const rules: [string, string[]][] = [
    ["sys/mounts", ["read"]],
    [`sys/mounts/${KV_MOUNT}`, ["create", "read", "update"]],
    ["sys/audit", ["read", "sudo"]],
    [`sys/audit/${AUDIT_DEVICE}`, ["create", "update", "sudo"]],
    ["sys/policies/acl", ["list"]],
    [`sys/policies/acl/${MANAGED_PREFIX}-*`, ["create", "read", "update", "delete"]],
    ["auth/kubernetes/role", ["list"]],
    [`auth/kubernetes/role/${MANAGED_PREFIX}-*`, ["create", "read", "update", "delete"]],
    [`${KV_MOUNT}/data/${MANAGED_PREFIX}/*`, ["create", "read", "update"]],
    [`${KV_MOUNT}/metadata/${MANAGED_PREFIX}`, ["list"]],
    [`${KV_MOUNT}/metadata/${MANAGED_PREFIX}/*`, ["list", "read", "delete"]],
  ];
  return rules.map(([path, capabilities]) => `path "${path}" {\n  capabilities = ${JSON.stringify(capabilities).replaceAll(",", ", ")}\n}`).join("\n");
}
