import { describe, expect, it } from "vitest";
import { parseApiKeyGroups } from "./api-key-groups.ts";

describe("parseApiKeyGroups", () => {
  const users = new Set(["alice", "open-webui"]);

  it("collects each key user's groups", () => {
    expect(parseApiKeyGroups("open-webui=chat, alice=admins,alice=staff", users)).toEqual(
      new Map([
        ["open-webui", ["chat"]],
        ["alice", ["admins", "staff"]],
      ]),
    );
    expect(parseApiKeyGroups(undefined, users)).toEqual(new Map());
  });

  it("refuses entries that are not user=group, and users without a key", () => {
    expect(() => parseApiKeyGroups("alice", users)).toThrow('API_KEY_GROUPS: "alice" is not of the form user=group');
    expect(() => parseApiKeyGroups("bob=staff", users)).toThrow('API_KEY_GROUPS: "bob" is not a user in API_KEYS; users: alice, open-webui');
  });
});
