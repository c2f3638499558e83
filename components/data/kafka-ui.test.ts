import { describe, expect, it } from "vitest";
import { kafkaUiConfig, kafkaUiValues } from "./kafka-ui";

const OIDC = { clientId: "kafka-ui", issuerUrl: "https://auth.lab.home.arpa/realms/homelab", hostAliases: [{ ip: "192.168.10.200", hostnames: ["auth.lab.home.arpa"] }] };

describe("kafkaUiConfig", () => {
  it("connects over TLS with the platform CA as Kafka UI's own SCRAM user, its password from the environment", () => {
    const [cluster] = kafkaUiConfig(undefined).kafka.clusters;
    expect(cluster).toEqual({
      name: "homelab",
      bootstrapServers: "kafka-kafka-bootstrap.kafka.svc:9093",
      properties: {
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.jaas.config": 'org.apache.kafka.common.security.scram.ScramLoginModule required username="kafka-ui" password="${KAFKA_PASSWORD}";',
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": "/etc/platform-ca/ca.crt",
      },
    });
  });

  it("asks for a login without single sign-on, never leaving the UI open", () => {
    expect(kafkaUiConfig(undefined)).toMatchObject({ auth: { type: "LOGIN_FORM" }, spring: { security: { user: { name: "admin", password: "${LOGIN_PASSWORD}" } } } });
  });

  it("logs in through the realm with single sign-on, roles from the groups claim", () => {
    expect(kafkaUiConfig(OIDC).auth.oauth2!.client.keycloak).toMatchObject({ clientId: "kafka-ui", clientSecret: "${OIDC_CLIENT_SECRET}", "issuer-uri": OIDC.issuerUrl });
  });
});

describe("kafkaUiValues", () => {
  it("maps each placeholder to the delivered Secret, the login password only without single sign-on", () => {
    expect(kafkaUiValues({ sizing: "lean" }).envs.secretMappings).toEqual({
      KAFKA_PASSWORD: { name: "kafka-ui-secrets", keyName: "kafka-password" },
      LOGIN_PASSWORD: { name: "kafka-ui-secrets", keyName: "login-password" },
    });
    expect(kafkaUiValues({ sizing: "lean", oidc: OIDC }).envs.secretMappings).toEqual({
      KAFKA_PASSWORD: { name: "kafka-ui-secrets", keyName: "kafka-password" },
      OIDC_CLIENT_SECRET: { name: "kafka-ui-secrets", keyName: "client-secret" },
    });
  });

  it("builds a JVM trust store with the platform CA only where the JVM calls the issuer", () => {
    const plain = kafkaUiValues({ sizing: "lean" });
    expect(plain.env).toEqual([]);
    expect("initContainers" in plain).toBe(false);
    const sso = kafkaUiValues({ sizing: "lean", oidc: OIDC });
    expect(sso.env).toEqual([{ name: "JAVA_TOOL_OPTIONS", value: "-Djavax.net.ssl.trustStore=/trust/cacerts -Djavax.net.ssl.trustStorePassword=changeit" }]);
    expect(sso.hostAliases).toEqual(OIDC.hostAliases);
  });

  it("runs as a numeric non-root user without privileges", () => {
    const values = kafkaUiValues({ sizing: "lean" });
    expect(values.podSecurityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(values.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
  });
});
