import { describe, expect, it } from "vitest";
import { openWebuiValues } from "./open-webui";

const base = {
  backend: { kind: "gateway", url: "http://llm-gateway.llm-gateway.svc:8080/v1", apiKey: "sk-x" } as const,
  sizing: "lean" as const,
  url: "https://chat.homelab.test",
  database: "open-webui-db-app",
};

describe("openWebuiValues", () => {
  it("keeps the chart's own Ollama, pipelines and Redis off, and the data in PostgreSQL", () => {
    const values = openWebuiValues(base);
    expect(values).toMatchObject({ ollama: { enabled: false }, pipelines: { enabled: false }, websocket: { enabled: false } });
    expect(values.extraEnvVars).toContainEqual({ name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "open-webui-db-app", key: "uri" } } });
    expect(values.extraEnvVars).toContainEqual({ name: "ENABLE_SIGNUP", value: "false" });
    expect(values.extraEnvVars).toContainEqual({ name: "ENABLE_FORWARD_USER_INFO_HEADERS", value: "true" });
    expect(values.openaiApiKeyExistingSecret).toBe("open-webui-gateway-key");
    expect(values.persistence).toEqual({ enabled: true, existingClaim: "open-webui-data" });
  });

  it("logs in locally until an OIDC provider is given, then through it", () => {
    expect(openWebuiValues(base).sso).toEqual({ enabled: false });
    const sso = openWebuiValues({
      ...base,
      oidc: { providerUrl: "https://sso.homelab.test/realms/home/.well-known/openid-configuration", clientId: "open-webui", clientSecretName: "open-webui-oidc" },
    }).sso;
    expect(sso).toEqual({
      enabled: true,
      enableSignup: true,
      oidc: {
        enabled: true,
        clientId: "open-webui",
        clientExistingSecret: "open-webui-oidc",
        clientExistingSecretKey: "client-secret",
        providerUrl: "https://sso.homelab.test/realms/home/.well-known/openid-configuration",
        providerName: "Keycloak",
      },
    });
  });
});
