import { describe, expect, it } from "vitest";
import { plain, Secret } from "./secret";

describe("plain", () => {
  it("masks every value inside a secret, keeping keys and list lengths", () => {
    const value = { data: new Secret({ password: "p", tls: { key: "k", chain: ["a", "b"] }, port: 5432 }), name: "db" };
    expect(plain(value, false)).toEqual({ data: { password: "[secret]", tls: { key: "[secret]", chain: ["[secret]", "[secret]"] }, port: "[secret]" }, name: "db" });
  });

  it("masks a secret inside a secret once, and a plain secret string whole", () => {
    expect(plain({ a: new Secret({ b: new Secret("c") }), d: new Secret("e") }, false)).toEqual({ a: { b: "[secret]" }, d: "[secret]" });
  });

  it("reveals values when asked", () => {
    expect(plain({ a: new Secret({ b: new Secret("c") }) }, true)).toEqual({ a: { b: "c" } });
  });
});
