/** Tokens (prompt and completion, chat and embeddings) one user may use; 0 is no quota. */
export interface TokenQuota {
  /** Per UTC day. @default the wider rule's */
  readonly daily?: number;
  /** Per UTC calendar month. @default the wider rule's */
  readonly monthly?: number;
}

/**
 * Token quotas per user: a user's own rule first, then the most generous of their groups',
 * then everybody's. Groups come from an OIDC token's `groups` claim, or from the API key a
 * request uses (`API_KEY_GROUPS`): the platform puts Open WebUI's key in group `open-webui`,
 * so that group's quota holds for each person chatting there.
 */
export interface GatewayQuotas extends TokenQuota {
  /** By group name. @default none */
  readonly groups?: Readonly<Record<string, TokenQuota>>;
  /** By API user (`llm.apiUsers`). @default none */
  readonly users?: Readonly<Record<string, TokenQuota>>;
}

/** The group Open WebUI's key, and so each person behind it, is in. */
export const OPEN_WEBUI_GROUP = "open-webui";

type Rule = ({ readonly group: string } | { readonly user: string }) & TokenQuota;

/** The quotas as the gateway's environment; every default filled in so the render shows it. */
export function gatewayQuotasEnv(quotas: GatewayQuotas): { name: string; value: string }[] {
  const rules: Rule[] = [
    ...Object.entries(quotas.groups ?? {}).map(([group, quota]) => ({ group, ...quota })),
    ...Object.entries(quotas.users ?? {}).map(([user, quota]) => ({ user: `key:${user}`, ...quota })),
  ];
  return [
    { name: "DAILY_TOKEN_QUOTA", value: String(quotas.daily ?? 0) },
    { name: "MONTHLY_TOKEN_QUOTA", value: String(quotas.monthly ?? 0) },
    ...(rules.length > 0 ? [{ name: "TOKEN_QUOTAS", value: JSON.stringify(rules) }] : []),
  ];
}

/** `API_KEY_GROUPS`: the forwarding key's group, so group quotas reach the people behind it. */
export function apiKeyGroupsEnv(forwardingUser: string | undefined): { name: string; value: string }[] {
  return forwardingUser ? [{ name: "API_KEY_GROUPS", value: `${forwardingUser}=${OPEN_WEBUI_GROUP}` }] : [];
}
