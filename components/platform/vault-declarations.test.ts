import { describe, expect, it } from "vitest";
import { readerFolder, VaultDeclarations } from "./vault-declarations";

describe("VaultDeclarations", () => {
  it("refuses an app namespace that already reads the platform's credentials, for callers past the config check", () => {
    const declared = new VaultDeclarations();
    declared.reader("keycloak", readerFolder("keycloak", "platform"));
    expect(() => declared.checkAppNamespace("keycloak")).toThrow(
      "vault.appNamespaces: keycloak is a namespace of the platform, whose store reads the platform's credentials; choose another name",
    );
    expect(() => declared.checkAppNamespace("shop")).not.toThrow();
  });
});
