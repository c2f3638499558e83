import { type DesiredConfig, KV_MOUNT, MANAGED_DESCRIPTION, OIDC_MOUNT, OIDC_ROLES, type OidcLogin } from "./platform-config.ts";
import type { Log } from "./log.ts";
import { type Call, type Change, optional, sameFields, syncRoles } from "./vault-reads.ts";
import { VaultError } from "./vault-api.ts";

/** Where people's login lives, and how long its tokens last: a working day's session is a fresh login. */
const ROLE_FOLDER = `auth/${OIDC_MOUNT}/role`;
const TOKEN_TTL_SECONDS = 8 * 3600;

/** The configuration of the method; Vault never answers the client's secret back. */
export function oidcConfig(oidc: OidcLogin): Record<string, unknown> {
  return {
    oidc_discovery_url: oidc.issuerUrl,
    // Empty clears a CA an earlier configuration set, so Vault uses its system roots.
    oidc_discovery_ca_pem: oidc.issuerCa ?? "",
    oidc_client_id: oidc.clientId,
    bound_issuer: oidc.issuerUrl,
    default_role: OIDC_ROLES.users,
  };
}

/** The two roles: admins get the admin policy; every person of the realm's groups may log in with their own token only. */
export function oidcRoles(oidc: OidcLogin): Map<string, Record<string, unknown>> {
  const role = (groups: readonly string[], policies: readonly string[]) => ({
    role_type: "oidc",
    user_claim: "preferred_username",
    groups_claim: oidc.groupsClaim,
    oidc_scopes: ["openid", "profile", "email"],
    bound_audiences: [oidc.clientId],
    allowed_redirect_uris: [...oidc.redirectUris],
    bound_claims: { [oidc.groupsClaim]: [...groups] },
    token_policies: [...policies],
    token_ttl: TOKEN_TTL_SECONDS,
  });
  return new Map([
    [OIDC_ROLES.admins, role([oidc.adminGroup], [OIDC_ROLES.admins])],
    [OIDC_ROLES.users, role(oidc.userGroups, ["default"])],
  ]);
}

/**
 * People's OIDC login: enables `oidc/` (marked as the platform's), writes its configuration
 * when it differs or the client's secret changed, and the two roles. Without a declared
 * login, the platform's `oidc/` method goes (which takes its roles with it); a method of the
 * same path that someone else enabled is left alone, and refused when one is declared.
 * Returns whether the configuration's write was left for later: then the KV copy of the
 * client's secret must stay as it was, since it says which secret Vault holds.
 */
export async function applyOidcLogin(call: Call, change: Change, desired: DesiredConfig, log: Log, issuerMayBeDown: boolean): Promise<{ readonly deferred: boolean }> {
  const auths = (await call("GET", "sys/auth")) as { data?: Record<string, { type: string; description?: string }> };
  const mounted = auths.data?.[`${OIDC_MOUNT}/`];
  const ours = mounted?.type === "oidc" && mounted.description === MANAGED_DESCRIPTION;
  const oidc = desired.oidc;
  if (!oidc) {
    if (ours) await change(`disabled the ${OIDC_MOUNT}/ login`, "DELETE", `sys/auth/${OIDC_MOUNT}`);
    return { deferred: false };
  }
  if (mounted && !ours) throw new Error(`${OIDC_MOUNT}/ is an auth method of type ${mounted.type} the platform did not enable; it will not take it over`);
  if (!mounted) await change(`enabled the ${OIDC_MOUNT}/ login`, "POST", `sys/auth/${OIDC_MOUNT}`, { type: "oidc", description: MANAGED_DESCRIPTION });

  const secret = desired.secrets[oidc.clientSecretPath]?.["client-secret"];
  if (!secret) throw new Error(`the OIDC client's secret is declared at ${oidc.clientSecretPath}, which holds no client-secret`);
  const stored = (await optional(call("GET", `${KV_MOUNT}/data/${oidc.clientSecretPath}`))) as { data?: { data?: Record<string, string> } } | undefined;
  const config = oidcConfig(oidc);
  const current = (await optional(call("GET", `auth/${OIDC_MOUNT}/config`))) as { data?: Record<string, unknown> } | undefined;
  if (!current?.data || !sameFields(config, current.data) || stored?.data?.data?.["client-secret"] !== secret) {
    try {
      // Vault fetches the discovery document here: an issuer it cannot reach fails the write, naming it.
      await change(`wrote the ${OIDC_MOUNT}/ login's configuration`, "POST", `auth/${OIDC_MOUNT}/config`, { ...config, oidc_client_secret: secret });
    } catch (error) {
      if (!(issuerMayBeDown && error instanceof VaultError && error.status === 400 && /oidc discovery/i.test(error.message))) throw error;
      log(`the issuer ${oidc.issuerUrl} does not answer yet, so people's login waits for the run after the realm sync: ${error.message}`);
      await syncRoles(call, change, ROLE_FOLDER, oidcRoles(oidc));
      return { deferred: true };
    }
  }
  await syncRoles(call, change, ROLE_FOLDER, oidcRoles(oidc));
  return { deferred: false };
}
