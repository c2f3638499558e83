import type { ClientRepresentation, GroupRepresentation, KeycloakAdmin, ProtocolMapperRepresentation, UserRepresentation } from "./keycloak-admin.ts";
import { type DeclaredClient, type DeclaredRealm, type DeclaredUser, MANAGED_ATTRIBUTE, type RealmSecrets } from "./realm.ts";

/** One line per change made, for the Job's log; none when Keycloak already held the declaration. */
export type Changes = string[];

const isManaged = (attributes: Record<string, string[] | string> | undefined): boolean => {
  const value = attributes?.[MANAGED_ATTRIBUTE];
  return value === "true" || (Array.isArray(value) && value.includes("true"));
};

/**
 * Makes the realm hold the declared groups, people and clients: what is missing is made,
 * what differs is updated, and what the platform made earlier and no longer declares is
 * removed. What it did not make is never touched. A person's password is set only when
 * they are made; after that it is theirs.
 */
export async function syncRealm(admin: KeycloakAdmin, declared: DeclaredRealm, secrets: RealmSecrets): Promise<Changes> {
  const changes: Changes = [];
  if (!(await admin.realmExists(declared.realm))) {
    await admin.createRealm(declared.realm);
    changes.push(`realm ${declared.realm}: created`);
  }
  const groups = await syncGroups(admin, declared, changes);
  await syncUsers(admin, declared, secrets, groups, changes);
  await syncClients(admin, declared, secrets, changes);
  return changes;
}

/** Returns the realm's groups by name, the declared ones made. */
async function syncGroups(admin: KeycloakAdmin, declared: DeclaredRealm, changes: Changes): Promise<Map<string, GroupRepresentation>> {
  const realm = declared.realm;
  const existing = await admin.groups(realm);
  for (const name of declared.groups.filter((n) => !existing.some((g) => g.name === n))) {
    await admin.createGroup(realm, { name, attributes: { [MANAGED_ATTRIBUTE]: ["true"] } });
    changes.push(`group ${name}: created`);
  }
  for (const group of existing.filter((g) => isManaged(g.attributes) && !declared.groups.includes(g.name))) {
    await admin.deleteGroup(realm, group.id!);
    changes.push(`group ${group.name}: removed, no longer declared`);
  }
  return new Map((await admin.groups(realm)).map((g) => [g.name, g]));
}

function desiredUser(user: DeclaredUser, existing: UserRepresentation | undefined): UserRepresentation {
  return {
    ...existing,
    username: user.username,
    email: user.email,
    ...(user.firstName !== undefined && { firstName: user.firstName }),
    enabled: existing?.enabled ?? true,
    emailVerified: true,
    attributes: { ...existing?.attributes, [MANAGED_ATTRIBUTE]: ["true"] },
  };
}

async function syncUsers(admin: KeycloakAdmin, declared: DeclaredRealm, secrets: RealmSecrets, groups: Map<string, GroupRepresentation>, changes: Changes): Promise<void> {
  const realm = declared.realm;
  const existing = await admin.users(realm);
  for (const user of declared.users) {
    const found = existing.find((u) => u.username === user.username);
    if (!found) {
      const password = secrets.initialPasswords[user.username];
      if (password === undefined) throw new Error(`user ${user.username}: SECRETS has no initial password for them`);
      await admin.createUser(realm, { ...desiredUser(user, undefined), credentials: [{ type: "password", value: password, temporary: true }] });
      changes.push(`user ${user.username}: created, with a first password they must change`);
    } else if (found.email !== user.email || (user.firstName !== undefined && found.firstName !== user.firstName) || !isManaged(found.attributes)) {
      await admin.updateUser(realm, found.id!, desiredUser(user, found));
      changes.push(`user ${user.username}: updated`);
    }
  }
  const current = await admin.users(realm);
  for (const user of declared.users) await syncMembership(admin, realm, current.find((u) => u.username === user.username)!, user, groups, changes);
  for (const user of current.filter((u) => isManaged(u.attributes) && !declared.users.some((d) => d.username === u.username))) {
    await admin.deleteUser(realm, user.id!);
    changes.push(`user ${user.username}: removed, no longer declared`);
  }
}

/** Joins the declared groups and leaves the platform's other groups; groups made by hand stay as they are. */
async function syncMembership(admin: KeycloakAdmin, realm: string, user: UserRepresentation, declared: DeclaredUser, groups: Map<string, GroupRepresentation>, changes: Changes): Promise<void> {
  const member = await admin.userGroups(realm, user.id!);
  for (const name of declared.groups.filter((n) => !member.some((g) => g.name === n))) {
    const group = groups.get(name);
    if (!group) throw new Error(`user ${declared.username}: group ${name} is not in the realm`);
    await admin.joinGroup(realm, user.id!, group.id!);
    changes.push(`user ${declared.username}: joined ${name}`);
  }
  for (const group of member.filter((g) => !declared.groups.includes(g.name) && isManaged(groups.get(g.name)?.attributes))) {
    await admin.leaveGroup(realm, user.id!, group.id!);
    changes.push(`user ${declared.username}: left ${group.name}`);
  }
}

/** Tokens carry the person's groups (`groups`, plain names) and the client as audience, which the LLM gateway checks. */
function mappers(clientId: string): ProtocolMapperRepresentation[] {
  const inTokens = { "access.token.claim": "true", "id.token.claim": "true", "userinfo.token.claim": "true" };
  return [
    { name: "groups", protocol: "openid-connect", protocolMapper: "oidc-group-membership-mapper", config: { ...inTokens, "claim.name": "groups", "full.path": "false" } },
    { name: "audience", protocol: "openid-connect", protocolMapper: "oidc-audience-mapper", config: { "included.client.audience": clientId, "access.token.claim": "true", "id.token.claim": "false" } },
  ];
}

function desiredClient(client: DeclaredClient, secret: string): ClientRepresentation {
  return {
    clientId: client.clientId,
    protocol: "openid-connect",
    publicClient: false,
    secret,
    redirectUris: [...client.redirectUris],
    webOrigins: ["+"],
    standardFlowEnabled: true,
    directAccessGrantsEnabled: false,
    attributes: { [MANAGED_ATTRIBUTE]: "true", "post.logout.redirect.uris": "+" },
    protocolMappers: mappers(client.clientId),
  };
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && a.every((x) => b.includes(x));

async function syncClients(admin: KeycloakAdmin, declared: DeclaredRealm, secrets: RealmSecrets, changes: Changes): Promise<void> {
  const realm = declared.realm;
  const existing = await admin.clients(realm);
  for (const client of declared.clients) {
    const secret = secrets.clients[client.clientId];
    if (secret === undefined) throw new Error(`client ${client.clientId}: SECRETS has no client secret for it`);
    const found = existing.find((c) => c.clientId === client.clientId);
    if (!found) {
      await admin.createClient(realm, desiredClient(client, secret));
      changes.push(`client ${client.clientId}: created`);
      continue;
    }
    const differs = !isManaged(found.attributes) || !sameSet(found.redirectUris, client.redirectUris) || (await admin.clientSecret(realm, found.id!)) !== secret;
    if (differs) {
      // Keycloak keeps a client's protocol mappers on update; the ones it was made with stay.
      const { protocolMappers: _kept, ...update } = desiredClient(client, secret);
      await admin.updateClient(realm, found.id!, { ...update, id: found.id!, attributes: { ...found.attributes, ...update.attributes } });
      changes.push(`client ${client.clientId}: updated`);
    }
  }
  for (const client of existing.filter((c) => isManaged(c.attributes) && !declared.clients.some((d) => d.clientId === c.clientId))) {
    await admin.deleteClient(realm, client.id!);
    changes.push(`client ${client.clientId}: removed, no longer declared`);
  }
}
