import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, resource } from "../../render/harness";
import type { RecordedResource } from "../../render/run-under-mocks";
import { plain } from "../../render/secret";
import { SSO_CHARTS } from "./sso-charts";

const CHART = "kubernetes:helm.sh/v4:Chart";
const JOB = "kubernetes:batch/v1:Job";
const SECRET = "kubernetes:core/v1:Secret";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const PEOPLE = [
  { username: "alice", email: "alice@homelab.test", name: "Alice", groups: ["admins", "users"] },
  { username: "bob", email: "bob@homelab.test" },
];

// Plain Secrets (secrets off), so the tests read what the sync is given rather than its ExternalSecret.
const render = (extra: Record<string, unknown> = {}) => renderConfig({ ...MINIKUBE, features: { sso: true, secrets: false }, sso: { people: PEOPLE }, ...extra });

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } };
const values = (chart: RecordedResource) => plain(chart.inputs.values, true) as Record<string, any>;
const envOf = (chart: RecordedResource) => parse(values(chart).extraEnv as string) as Env[];
const jobEnv = (job: RecordedResource) => (job.inputs.spec as { template: { spec: { containers: { env: Env[] }[] } } }).template.spec.containers[0]!.env;
const byType = (recording: Awaited<ReturnType<typeof render>>, type: string, prefix: string) => recording.resources.filter((r) => r.type === type && r.name.startsWith(prefix));

describe("single sign-on", () => {
  it("runs the pinned keycloakx chart at the root path, on its CloudNativePG database, with the public issuer fixed", async () => {
    const chart = resource(await render(), CHART, "keycloak-chart");
    expect([chart.inputs.chart, chart.inputs.version]).toEqual([SSO_CHARTS.keycloak.chart, SSO_CHARTS.keycloak.version]);
    const v = values(chart);
    expect([v.http.relativePath, v.proxy.enabled, v.replicas, v.command]).toEqual(["/", false, 1, ["/opt/keycloak/bin/kc.sh", "start"]]);
    expect(v.database).toMatchObject({ vendor: "postgres", hostname: "keycloak-db-rw", database: "keycloak", username: "keycloak", existingSecret: "keycloak-db-app", existingSecretKey: "password" });
    const env = envOf(chart);
    const named = (name: string) => env.find((e) => e.name === name);
    expect([named("KC_HOSTNAME")?.value, named("KC_PROXY_HEADERS")?.value, named("KC_CACHE")?.value]).toEqual(["https://auth.homelab.test", "xforwarded", "local"]);
    expect(named("KC_BOOTSTRAP_ADMIN_PASSWORD")?.valueFrom).toEqual({ secretKeyRef: { name: "keycloak-admin", key: "password" } });
  });

  it("runs two replicas sharing their caches where the sizing is full", async () => {
    const chart = resource(await render({ sizing: "full" }), CHART, "keycloak-chart");
    expect([values(chart).replicas, envOf(chart).find((e) => e.name === "KC_CACHE")?.value]).toEqual([2, "ispn"]);
  });

  it("keeps the realm as the stack file declares it, from a Job whose secrets come from a Secret", async () => {
    const recording = await render();
    const [job] = byType(recording, JOB, "keycloak-config");
    const env = jobEnv(job!);
    const realm = JSON.parse(env.find((e) => e.name === "REALM")!.value!);
    expect(realm).toEqual({
      realm: "homelab",
      groups: ["admins", "users"],
      users: [
        { username: "alice", email: "alice@homelab.test", firstName: "Alice", groups: ["admins", "users"] },
        { username: "bob", email: "bob@homelab.test", groups: ["users"] },
      ],
      clients: expect.any(Array),
    });
    expect(env.find((e) => e.name === "KEYCLOAK_URL")!.value).toBe("http://keycloak-http.keycloak.svc:80");
    expect(env.find((e) => e.name === "SECRETS")!.valueFrom).toEqual({ secretKeyRef: { name: "keycloak-config-secrets", key: "secrets.json" } });
    const secrets = resource(recording, SECRET, "keycloak-config-secrets");
    const data = JSON.parse((plain(secrets.inputs.stringData, true) as Record<string, string>)["secrets.json"]!);
    expect(Object.keys(data.initialPasswords)).toEqual(["alice", "bob"]);
  });

  it("outputs the issuer, each person's first password and the admin login, as secrets", async () => {
    const { outputs } = await render();
    const sso = plain(outputs.sso, false) as { issuer: string; people: Record<string, { initialPassword: string }> };
    expect(sso.issuer).toBe("https://auth.homelab.test/realms/homelab");
    expect(sso.people).toEqual({ alice: { initialPassword: "[secret]" }, bob: { initialPassword: "[secret]" } });
    expect(plain(outputs.credentials, false)).toMatchObject({ keycloak: { username: "admin", password: "[secret]" } });
  });

  it("lets only Traefik reach Keycloak from outside its namespace, and monitoring its metrics port", async () => {
    const policy = resource(await render(), POLICY, "keycloak-allow");
    const ingress = (policy.inputs.spec as { ingress: { from?: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports?: { port: number }[] }[] }).ingress;
    const fromNamespace = (ns: string) => ingress.filter((rule) => rule.from?.some((f) => f.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === ns)).flatMap((r) => r.ports?.map((p) => String(p.port)) ?? ["any"]);
    expect(fromNamespace("traefik")).toEqual(["8080"]);
    expect(fromNamespace("monitoring")).toEqual(["9000", "9187"]);
  });
});
