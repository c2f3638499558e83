import { describe, expect, it } from "vitest";
import { manifest } from "./fixtures";
import { noSecretsInConfigMaps } from "./no-secrets-in-config-maps";

const configMap = (data: Record<string, string>) => manifest("kubernetes:core/v1:ConfigMap", { metadata: { name: "settings", namespace: "apps" }, data });

describe("noSecretsInConfigMaps", () => {
  it.each(["password", "DB_PASSWORD", "apiKey", "client-secret", "token", "tls.private-key"])("catches the key %s", (key) => {
    expect(noSecretsInConfigMaps(configMap({ [key]: "x" }))).toEqual([`ConfigMap apps/settings: data.${key} is named like a credential; put it in a Secret`]);
  });

  it.each([
    ["a private key", "-----BEGIN EC PRIVATE KEY-----\nMHc...\n-----END EC PRIVATE KEY-----\n"],
    ["a bcrypt hash", "admin:$2a$10$abcdefghijklmnopqrstuv"],
    ["a URL with a password", "DATABASE_URL=postgresql://app:hunter2@db-rw:5432/app"],
  ])("catches %s in a value", (what, value) => {
    expect(noSecretsInConfigMaps(configMap({ "settings.env": value }))).toEqual([`ConfigMap apps/settings: data.settings.env holds ${what}; put it in a Secret`]);
  });

  it("accepts certificates, plain settings and URLs without a password", () => {
    const data = { "ca.crt": "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n", "config.json": '{"url":"https://llm.homelab.test/v1","user":"admin@x"}' };
    expect(noSecretsInConfigMaps(configMap(data))).toEqual([]);
  });
});
