import { describe, expect, it } from "vitest";
import { realmDocument } from "./keycloak-realm";
import { redirectProblems } from "./sso-clients";

describe("redirectProblems", () => {
  it("takes https pages under the domain and names each redirect outside it", () => {
    const request = (redirectUris: string[]) => ({ clientId: "wiki", redirectUris });
    expect(redirectProblems(request(["https://wiki.homelab.test/callback", "https://a.b.homelab.test/*"]), "homelab.test")).toEqual([]);
    expect(redirectProblems(request(["http://wiki.homelab.test/callback", "https://evil.test/homelab.test", "not a url"]), "homelab.test")).toEqual([
      'client wiki: redirect URI "http://wiki.homelab.test/callback" is not an https URL under .homelab.test (nor http://localhost:8250/oidc/callback)',
      'client wiki: redirect URI "https://evil.test/homelab.test" is not an https URL under .homelab.test (nor http://localhost:8250/oidc/callback)',
      'client wiki: redirect URI "not a url" is not an https URL under .homelab.test (nor http://localhost:8250/oidc/callback)',
    ]);
  });

  it("takes Vault's CLI loopback exactly, and no other plain-HTTP loopback", () => {
    const request = (redirectUris: string[]) => ({ clientId: "vault", redirectUris });
    expect(redirectProblems(request(["http://localhost:8250/oidc/callback"]), "homelab.test")).toEqual([]);
    expect(redirectProblems(request(["http://localhost:9999/oidc/callback"]), "homelab.test")).toEqual([
      'client vault: redirect URI "http://localhost:9999/oidc/callback" is not an https URL under .homelab.test (nor http://localhost:8250/oidc/callback)',
    ]);
  });
});

describe("realmDocument", () => {
  it("orders people, groups and clients so the same declaration gives the same Job", () => {
    const people = [
      { username: "bob", email: "bob@homelab.test", groups: ["users"] as const },
      { username: "alice", email: "alice@homelab.test", name: "Alice", groups: ["users", "admins"] as const },
    ];
    const clients = [
      { clientId: "open-webui", redirectUris: ["https://chat.homelab.test/b", "https://chat.homelab.test/a"] },
      { clientId: "llm-gateway", redirectUris: [] },
    ];
    const document = realmDocument(people, clients);
    expect(document).toEqual({
      realm: "homelab",
      groups: ["admins", "users"],
      users: [
        { username: "alice", email: "alice@homelab.test", firstName: "Alice", groups: ["admins", "users"] },
        { username: "bob", email: "bob@homelab.test", groups: ["users"] },
      ],
      clients: [
        { clientId: "llm-gateway", redirectUris: [] },
        { clientId: "open-webui", redirectUris: ["https://chat.homelab.test/a", "https://chat.homelab.test/b"] },
      ],
    });
    expect(JSON.stringify(realmDocument([...people].reverse(), [...clients].reverse()))).toBe(JSON.stringify(document));
  });
});
