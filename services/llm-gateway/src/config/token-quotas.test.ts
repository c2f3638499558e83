import { describe, expect, it } from "vitest";
import { parseTokenQuotas } from "./token-quotas.ts";

describe("parseTokenQuotas", () => {
  it("reads rules for users and groups, each with a daily and/or monthly quota", () => {
    expect(parseTokenQuotas('[{"group":"students","daily":20000},{"user":"key:ci","monthly":0,"daily":5}]')).toEqual([
      { group: "students", daily: 20000 },
      { user: "key:ci", monthly: 0, daily: 5 },
    ]);
    expect(parseTokenQuotas(undefined)).toEqual([]);
    expect(parseTokenQuotas(" ")).toEqual([]);
  });

  it("names the rule and field of every mistake", () => {
    expect(() => parseTokenQuotas("[{")).toThrow(/^TOKEN_QUOTAS: not valid JSON .*expected e\.g\. \[/);
    expect(() => parseTokenQuotas('[{"group":"a","daily":-1}]')).toThrow(/^TOKEN_QUOTAS\[0\]\.daily: /);
    expect(() => parseTokenQuotas('[{"group":"a","weekly":5}]')).toThrow(/^TOKEN_QUOTAS\[0\]: .*weekly/);
    expect(() => parseTokenQuotas('[{"user":"alice","daily":5}]')).toThrow("TOKEN_QUOTAS[0].user: expected a user as the gateway names it, e.g. key:alice or oidc:<sub>");
    expect(() => parseTokenQuotas('[{"daily":5}]')).toThrow('TOKEN_QUOTAS[0]: expected either "user" or "group"');
    expect(() => parseTokenQuotas('[{"user":"key:a","group":"b","daily":5}]')).toThrow('TOKEN_QUOTAS[0]: expected either "user" or "group"');
    expect(() => parseTokenQuotas('[{"group":"a"}]')).toThrow('TOKEN_QUOTAS[0]: sets neither "daily" nor "monthly"');
    expect(() => parseTokenQuotas('[{"group":"a","daily":1},{"group":"a","monthly":2}]')).toThrow("TOKEN_QUOTAS[1]: group a already has a rule, TOKEN_QUOTAS[0]");
  });
});
