import { describe, expect, it } from "vitest";
import { MINIKUBE } from "../../render/harness";
import { parseConfig } from "../config";

const problemsOf = (sso: unknown, features: Record<string, boolean> = { sso: true }) => {
  const result = parseConfig({ ...MINIKUBE, features, sso }, []);
  return result.ok ? [] : result.problems;
};

describe("homelab:sso", () => {
  it("takes people with a username, an email and groups of the realm, `users` when none are named", () => {
    const result = parseConfig({ ...MINIKUBE, features: { sso: true }, sso: { people: [{ username: "alice", email: "alice@homelab.test" }] } }, []);
    expect(result.ok && "config" in result && result.config.sso.people).toEqual([{ username: "alice", email: "alice@homelab.test", groups: ["users"] }]);
  });

  it("names the key of an unknown group, a person without email and a bad username", () => {
    expect(problemsOf({ people: [{ username: "alice", email: "alice@homelab.test", groups: ["admin"] }, { username: "bob" }, { username: "Carol!", email: "c@homelab.test" }] })).toEqual([
      'homelab:sso.people[0].groups[0]: expected one of admins, users; got "admin"',
      "homelab:sso.people[1].email: required (string)",
      `homelab:sso.people[2].username: expected a user name of lower-case letters, digits, '.', '_' and '-'; got "Carol!"`,
    ]);
  });

  it("refuses a username or an email declared twice", () => {
    const alice = { username: "alice", email: "alice@homelab.test" };
    expect(problemsOf({ people: [alice, { username: "alice", email: "other@homelab.test" }, { username: "bob", email: "Alice@homelab.test" }] })).toEqual([
      'homelab:sso.people[1].username: "alice" is declared twice (first as sso.people[0])',
      'homelab:sso.people[2].email: "Alice@homelab.test" is declared twice (first as sso.people[0])',
    ]);
  });

  it("is refused while single sign-on is off", () => {
    expect(problemsOf({ people: [] }, { sso: false })).toEqual([expect.stringMatching(/^homelab:sso: /)]);
  });
});
