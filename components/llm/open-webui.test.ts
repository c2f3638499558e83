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

  const oidc = {
    providerUrl: "https://auth.homelab.test/realms/homelab/.well-known/openid-configuration",
    clientId: "open-webui",
    clientSecretName: "open-webui-oidc",
    allowedGroups: ["admins", "users"],
    adminGroup: "admins",
    hostAliases: [{ ip: "192.168.49.200", hostnames: ["auth.homelab.test"] }],
  };

  it("logs in locally until an OIDC provider is given, then through it, admins by group", () => {
    expect(openWebuiValues(base).sso).toEqual({ enabled: false });
    const sso = openWebuiValues({ ...base, oidc }).sso;
    expect(sso).toEqual({
      enabled: true,
      enableSignup: true,
      enableRoleManagement: true,
      roleManagement: { rolesClaim: "groups", allowedRoles: "admins,users", adminRoles: "admins" },
      oidc: {
        enabled: true,
        clientId: "open-webui",
        clientExistingSecret: "open-webui-oidc",
        clientExistingSecretKey: "client-secret",
        providerUrl: "https://auth.homelab.test/realms/homelab/.well-known/openid-configuration",
        providerName: "Keycloak",
      },
    });
  });

  it("with OIDC, reaches the issuer by the ingress address and trusts the platform CA besides the public roots", () => {
    expect(openWebuiValues(base)).not.toHaveProperty("extraInitContainers");
    const values = openWebuiValues({ ...base, oidc });
    expect(values.hostAliases).toEqual([{ ip: "192.168.49.200", hostnames: ["auth.homelab.test"] }]);
    expect(values.extraInitContainers![0]!.command[2]).toBe("cat /etc/ssl/certs/ca-certificates.crt /etc/platform-ca/ca.crt > /etc/homelab-trust/ca-bundle.crt");
    expect(values.extraEnvVars).toContainEqual({ name: "SSL_CERT_FILE", value: "/etc/homelab-trust/ca-bundle.crt" });
    expect(values.volumeMounts!.container).toEqual([{ name: "trust", mountPath: "/etc/homelab-trust", readOnly: true }]);
  });

  it("searches documents with the gateway's embedding model through /v1/embeddings, with its own gateway key", () => {
    const values = openWebuiValues({ ...base, backend: { ...base.backend, embeddingModel: "embed" } });
    expect(values.extraEnvVars).toEqual(
      expect.arrayContaining([
        { name: "RAG_EMBEDDING_ENGINE", value: "openai" },
        { name: "RAG_EMBEDDING_MODEL", value: "embed" },
        { name: "RAG_OPENAI_API_BASE_URL", value: "http://llm-gateway.llm-gateway.svc:8080/v1" },
        { name: "RAG_OPENAI_API_KEY", valueFrom: { secretKeyRef: { name: "open-webui-gateway-key", key: "api-key" } } },
      ]),
    );
  });

  it("keeps its own document embedding without an embedding model, or when it talks to Ollama", () => {
    const ragNames = (values: ReturnType<typeof openWebuiValues>) => values.extraEnvVars.map((e) => e.name).filter((name) => name.startsWith("RAG_"));
    expect(ragNames(openWebuiValues(base))).toEqual([]);
    expect(ragNames(openWebuiValues({ ...base, backend: { kind: "ollama", url: "http://ollama.ollama.svc:11434" } }))).toEqual([]);
  });
});
