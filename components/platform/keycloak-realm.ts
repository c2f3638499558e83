import type { DeclaredClient } from "./sso-clients";

/** The realm the platform keeps: its people, groups and clients. */
export const SSO_REALM = "homelab";
/** The realm's groups: `admins` administer the platform's UIs, `users` use them. */
export const SSO_GROUPS = ["admins", "users"] as const;
export type SsoGroup = (typeof SSO_GROUPS)[number];

/** A person of the stack file. */
export interface Person {
  readonly username: string;
  readonly email: string;
  /** Shown in the UIs. @default the username */
  readonly name?: string;
  readonly groups: readonly SsoGroup[];
}

/**
 * What the realm sync makes Keycloak hold, without secrets (they come from a Secret): the
 * Job's name follows this document, so a change in the stack file runs the sync again.
 */
export interface RealmDocument {
  readonly realm: string;
  readonly groups: readonly string[];
  readonly users: readonly { readonly username: string; readonly email: string; readonly firstName?: string; readonly groups: readonly string[] }[];
  readonly clients: readonly { readonly clientId: string; readonly redirectUris: readonly string[] }[];
}

/** The realm document for the declared people and the clients the layers asked for, in a stable order. */
export function realmDocument(people: readonly Person[], clients: readonly Pick<DeclaredClient, "clientId" | "redirectUris">[]): RealmDocument {
  return {
    realm: SSO_REALM,
    groups: [...SSO_GROUPS],
    users: [...people]
      .sort((a, b) => a.username.localeCompare(b.username))
      .map((p) => ({ username: p.username, email: p.email, ...(p.name !== undefined && { firstName: p.name }), groups: [...p.groups].sort() })),
    clients: [...clients]
      .sort((a, b) => a.clientId.localeCompare(b.clientId))
      .map((c) => ({ clientId: c.clientId, redirectUris: [...c.redirectUris].sort() })),
  };
}
