import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeclaredRealm, RealmSecrets } from "./realm.ts";
import { run } from "./run.ts";
import { FakeKeycloak } from "./testing/fake-keycloak.ts";

const REALM: DeclaredRealm = {
  realm: "homelab",
  groups: ["admins", "users"],
  users: [
    { username: "alice", email: "alice@homelab.test", firstName: "Alice", groups: ["admins", "users"] },
    { username: "bob", email: "bob@homelab.test", groups: ["users"] },
  ],
  clients: [{ clientId: "open-webui", redirectUris: ["https://chat.homelab.test/oauth/oidc/callback"] }],
};
const SECRETS: RealmSecrets = { clients: { "open-webui": "client-secret-1" }, initialPasswords: { alice: "first-a", bob: "first-b" } };

describe("the realm sync against Keycloak's admin API", () => {
  let keycloak: FakeKeycloak;
  let url: string;
  let lines: string[];
  const clock = { now: () => 0, sleep: async () => {} };
  const sync = (realm: DeclaredRealm = REALM, secrets: RealmSecrets = SECRETS, password = "secret") =>
    run({ KEYCLOAK_URL: url, KEYCLOAK_ADMIN_USERNAME: "admin", KEYCLOAK_ADMIN_PASSWORD: password, REALM: JSON.stringify(realm), SECRETS: JSON.stringify(secrets) }, (l) => lines.push(l), clock);

  beforeEach(async () => {
    keycloak = new FakeKeycloak();
    url = await keycloak.start();
    lines = [];
  });
  afterEach(() => keycloak.stop());

  it("makes the realm, its groups, people with a first password they must change, and clients with their secrets", async () => {
    expect(await sync()).toBe(0);
    const realm = keycloak.realm("homelab");
    expect(realm.groups.map((g) => g.name)).toEqual(["admins", "users"]);
    const alice = realm.users.find((u) => u.username === "alice")!;
    expect(alice.credentials).toEqual([{ type: "password", value: "first-a", temporary: true }]);
    expect([...alice.memberOf].map((id) => realm.groups.find((g) => g.id === id)!.name).sort()).toEqual(["admins", "users"]);
    const client = realm.clients[0]!;
    expect([client.clientId, client.secret, client.publicClient, client.redirectUris]).toEqual(["open-webui", "client-secret-1", false, ["https://chat.homelab.test/oauth/oidc/callback"]]);
    expect(client.protocolMappers!.map((m) => [m.protocolMapper, m.config["claim.name"] ?? m.config["included.client.audience"]])).toEqual([
      ["oidc-group-membership-mapper", "groups"],
      ["oidc-audience-mapper", "open-webui"],
    ]);
  });

  it("changes nothing the second time", async () => {
    await sync();
    const writes = keycloak.writes.length;
    expect(await sync()).toBe(0);
    expect(keycloak.writes.length).toBe(writes);
    expect(lines.at(-1)).toBe("realm homelab: already as declared");
  });

  it("follows the stack file: a changed email, group, redirect and secret are updated, and nobody's password is reset", async () => {
    await sync();
    const changed: DeclaredRealm = {
      ...REALM,
      users: [{ ...REALM.users[0]!, email: "alice@example.test", groups: ["users"] }, REALM.users[1]!],
      clients: [{ clientId: "open-webui", redirectUris: ["https://chat.homelab.test/other"] }],
    };
    await sync(changed, { ...SECRETS, clients: { "open-webui": "client-secret-2" }, initialPasswords: { alice: "other", bob: "other" } });
    const realm = keycloak.realm("homelab");
    const alice = realm.users.find((u) => u.username === "alice")!;
    expect([alice.email, alice.credentials?.[0]?.value, [...alice.memberOf].map((id) => realm.groups.find((g) => g.id === id)!.name)]).toEqual(["alice@example.test", "first-a", ["users"]]);
    expect([realm.clients[0]!.redirectUris, realm.clients[0]!.secret]).toEqual([["https://chat.homelab.test/other"], "client-secret-2"]);
  });

  it("removes what it made and no longer declares, and leaves what someone made by hand", async () => {
    await sync();
    const realm = keycloak.realm("homelab");
    realm.users.push({ id: "hand", username: "carol", memberOf: new Set() });
    realm.clients.push({ id: "hand-client", clientId: "by-hand" });
    await sync({ ...REALM, users: [REALM.users[0]!], clients: [] });
    expect(realm.users.map((u) => u.username).sort()).toEqual(["alice", "carol"]);
    expect(realm.clients.map((c) => c.clientId)).toEqual(["by-hand"]);
    expect(lines).toContain("user bob: removed, no longer declared");
    expect(lines).toContain("client open-webui: removed, no longer declared");
  });

  it("waits while Keycloak starts, and fails at once on a wrong admin password", async () => {
    keycloak.unavailableLogins = 2;
    expect(await sync()).toBe(0);
    expect(lines.filter((l) => l.includes("does not answer yet"))).toHaveLength(2);
    lines = [];
    expect(await sync(REALM, SECRETS, "wrong")).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^failed: POST \/realms\/master\/protocol\/openid-connect\/token: HTTP 401/)]);
  });

  it("names every missing or malformed variable", async () => {
    expect(await run({ KEYCLOAK_URL: url, REALM: "{", SECRETS: "{}" }, (l) => lines.push(l), clock)).toBe(1);
    // Node words JSON errors differently from version to version.
    expect(lines[0]).toMatch(/^failed: KEYCLOAK_ADMIN_USERNAME is not set; KEYCLOAK_ADMIN_PASSWORD is not set; REALM is not JSON: .+; SECRETS is not the expected document$/);
  });
});
