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

/**
 * People's login through the realm's OIDC issuer (Keycloak): an `oidc` auth method the
 * platform enables and marks as its own, and two roles. Members of `adminGroup` get the
 * admin policy with role `platform-admins`; every member of `userGroups` may log in with
 * the default role `platform-users`, which grants Vault's `default` policy only (their
 * own token), nothing of the platform's.
 */
export interface OidcLogin {
  /** The realm's issuer; Vault reads `<issuer>/.well-known/openid-configuration`. */
  readonly issuerUrl: string;
  /** PEM of the CA that signed the issuer's certificate. @default none: publicly trusted (ACME), checked against the system's roots */
  readonly issuerCa?: string;
  readonly clientId: string;
  /** KV path (in `secrets`) whose `client-secret` is the client's secret: it lives in Vault like every platform credential. */
  readonly clientSecretPath: string;
  /** Where the issuer may send the browser back: the UI's callback, and the CLI's on the person's own machine. */
  readonly redirectUris: readonly string[];
  /** The token claim listing the person's groups. */
  readonly groupsClaim: string;
  readonly adminGroup: string;
  readonly userGroups: readonly string[];
}

export interface DesiredConfig {
  readonly readers: readonly Reader[];
  /** People's login through OIDC. @default none: the platform's `oidc/` method is removed */
  readonly oidc?: OidcLogin;
  /** KV path below the mount (`platform/llm/gateway-keys`) → its key/value pairs. */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Path of the auth method people log in with. */
export const OIDC_MOUNT = "oidc";
/** Description the platform gives the auth methods it enables: only those does it ever disable. */
export const MANAGED_DESCRIPTION = "managed by the homelab platform";
/** The OIDC roles and the admin policy; a reader namespace cannot take these names (see `managedName`). */
export const OIDC_ROLES = { admins: `${MANAGED_PREFIX}-admins`, users: `${MANAGED_PREFIX}-users` } as const;
/** The policy of people in the admin group. */
export const ADMIN_POLICY = OIDC_ROLES.admins;

export const managedName = (namespace: string) => `${MANAGED_PREFIX}-${namespace}`;

/** Everything, as the root token could, without being the root token: a person's login is audited under their own name. */
export function adminPolicy(): string {
  return policyText([["*", ["create", "read", "update", "patch", "delete", "list", "sudo"]]]);
}

function policyText(rules: readonly (readonly [string, readonly string[]])[]): string {
  return rules.map(([path, capabilities]) => `path "${path}" {\n  capabilities = ${JSON.stringify(capabilities).replaceAll(",", ", ")}\n}`).join("\n");
}

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
    // People's OIDC login: the method, its configuration and the platform's roles on it.
    ["sys/auth", ["read"]],
    [`sys/auth/${OIDC_MOUNT}`, ["create", "read", "update", "delete", "sudo"]],
    [`auth/${OIDC_MOUNT}/config`, ["create", "read", "update"]],
    [`auth/${OIDC_MOUNT}/role`, ["list"]],
    [`auth/${OIDC_MOUNT}/role/${MANAGED_PREFIX}-*`, ["create", "read", "update", "delete"]],
  ];
  return policyText(rules);
}
