import { describe, expect, it } from "vitest";
import { QuotaPolicy } from "./quota-policy.ts";

describe("QuotaPolicy", () => {
  const policy = new QuotaPolicy({
    daily: 1000,
    monthly: 20000,
    rules: [
      { group: "students", daily: 200 },
      { group: "staff", daily: 5000 },
      { group: "admins", daily: 0, monthly: 0 },
      { user: "key:ci", monthly: 100000 },
    ],
  });

  it("holds everybody to the defaults, named by their variables", () => {
    expect(policy.for("oidc:alice", [])).toEqual({
      daily: { tokens: 1000, source: "DAILY_TOKEN_QUOTA" },
      monthly: { tokens: 20000, source: "MONTHLY_TOKEN_QUOTA" },
    });
  });

  it("takes a group's quota per period, the most generous when a user is in several, 0 lifting it", () => {
    expect(policy.for("oidc:bob", ["students"]).daily).toEqual({ tokens: 200, source: "TOKEN_QUOTAS[0], group students" });
    expect(policy.for("oidc:bob", ["students", "staff"]).daily).toEqual({ tokens: 5000, source: "TOKEN_QUOTAS[1], group staff" });
    expect(policy.for("oidc:bob", ["students"]).monthly).toEqual({ tokens: 20000, source: "MONTHLY_TOKEN_QUOTA" });
    expect(policy.for("oidc:root", ["staff", "admins"])).toEqual({});
  });

  it("puts a user's own rule before their groups', for the periods it sets", () => {
    expect(policy.for("key:ci", ["students"])).toEqual({
      daily: { tokens: 200, source: "TOKEN_QUOTAS[0], group students" },
      monthly: { tokens: 100000, source: "TOKEN_QUOTAS[3], user key:ci" },
    });
  });

  it("holds nobody without quotas", () => {
    expect(new QuotaPolicy({ daily: 0, monthly: 0, rules: [] }).for("key:alice", ["staff"])).toEqual({});
  });
});
