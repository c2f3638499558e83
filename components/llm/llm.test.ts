import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, renderStack, resource, resourcesOfType } from "../../render/harness";
import type { RecordedResource, Recording } from "../../render/run-under-mocks";
import { plain, Secret } from "../../render/secret";
import { bundleService, SERVICES_DIR } from "../lib/service-bundle";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const JOB = "kubernetes:batch/v1:Job";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

interface Container {
  readonly image: string;
  readonly command?: string[];
  readonly env: { name: string; value?: string; valueFrom?: unknown }[];
  readonly resources: { requests: Record<string, string>; limits: Record<string, string> };
}
interface PodSpec {
  readonly containers: Container[];
  readonly runtimeClassName?: string;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: unknown[];
}

function pod(r: RecordedResource): PodSpec {
  return (r.inputs.spec as { template: { spec: PodSpec } }).template.spec;
}

function env(container: Container, name: string): string | undefined {
  return container.env.find((e) => e.name === name)?.value;
}


describe("GPU requests per target", () => {
  it("minikube: Ollama on CPU, no GPU, no GPU runtime", async () => {
    const ollama = pod(resource(await renderStack("dev"), DEPLOYMENT, "ollama-deployment"));
    expect(ollama.containers[0]!.resources.limits).not.toHaveProperty("nvidia.com/gpu");
    expect(ollama.runtimeClassName).toBeUndefined();
  });

  it("wsl2: one GPU through k3s's nvidia runtime", async () => {
    const ollama = pod(resource(await renderStack("wsl"), DEPLOYMENT, "ollama-deployment"));
    expect(ollama.containers[0]!.resources.limits["nvidia.com/gpu"]).toBe("1");
    expect(ollama.runtimeClassName).toBe("nvidia");
    expect(ollama.nodeSelector).toEqual({});
  });

  it("bare metal: one GPU on the labelled, tainted GPU node", async () => {
    const ollama = pod(resource(await renderStack("homelab"), DEPLOYMENT, "ollama-deployment"));
    expect(ollama.containers[0]!.resources.requests["nvidia.com/gpu"]).toBe("1");
    expect(ollama.nodeSelector).toEqual({ "homelab/gpu": "nvidia" });
    expect(ollama.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("nothing else asks for a GPU", async () => {
    for (const stack of ["dev", "wsl", "homelab"]) {
      const recording = await renderStack(stack);
      const withGpu = resourcesOfType(recording, DEPLOYMENT).filter((d) => pod(d).containers.some((c) => "nvidia.com/gpu" in (c.resources.limits ?? {})));
      expect(withGpu.map((d) => d.name)).toEqual(stack === "dev" ? [] : ["ollama-deployment"]);
    }
  });
});

describe("Ollama's volume", () => {
  it("survives a destroy and holds the models on the target's RWO class", async () => {
    const volume = resource(await renderStack("dev"), "kubernetes:core/v1:PersistentVolumeClaim", "ollama-models");
    expect(volume.options.retainOnDelete).toBe(true);
    expect(volume.inputs.spec).toMatchObject({ storageClassName: "standard", resources: { requests: { storage: "40Gi" } } });
  });
});

/** The model-sync planner, loaded as its own code (an ES module of the service). */
interface Planner {
  parseDeclaredModels(text: string): unknown[];
  planSync(declared: unknown[], managed: ReadonlyMap<string, { name: string; fingerprint?: string }>, inventory: { present: ReadonlySet<string>; systemPrompts: ReadonlyMap<string, string> }): {
    steps: { kind: string; name?: string; key: string; fingerprint?: string; model?: { name: string; system?: string } }[];
  };
}

async function planner(): Promise<Planner> {
  const src = join(SERVICES_DIR, "model-sync", "src");
  const [config, plan] = await Promise.all([import(join(src, "config", "declared-models.ts")), import(join(src, "sync", "plan.ts"))]);
  return { parseDeclaredModels: config.parseDeclaredModels, planSync: plan.planSync };
}

function modelsOf(recording: Recording): string {
  return env(pod(resourcesOfType(recording, JOB).find((j) => j.name === "model-sync-job")!).containers[0]!, "MODELS")!;
}

describe("declared models become model-sync's work", () => {
  const before = [
    { name: "qwen3:0.6b", numCtx: 8192, alias: "fast" },
    { name: "llama3.2:1b" },
    { name: "tutor", from: "qwen3:0.6b", system: "Be patient." },
    { name: "poet", from: "qwen3:0.6b", system: "Rhyme." },
  ];

  it("passes only what the sync acts on: no alias, context window or keep-alive, which the gateway uses", async () => {
    const models = JSON.parse(modelsOf(await renderConfig({ ...MINIKUBE, models: before })));
    expect(models[0]).toEqual({ name: "qwen3:0.6b" });
    expect(models[2]).toEqual({ name: "tutor", from: "qwen3:0.6b", system: "Be patient." });
  });

  it("pulls and creates at first; then a changed prompt re-creates only that model, a removed one is deleted", async () => {
    const { parseDeclaredModels, planSync } = await planner();
    const first = planSync(parseDeclaredModels(modelsOf(await renderConfig({ ...MINIKUBE, models: before }))), new Map(), { present: new Set(), systemPrompts: new Map() });
    expect(first.steps.map((s) => `${s.kind} ${s.name ?? s.model?.name}`)).toEqual(["pull qwen3:0.6b", "pull llama3.2:1b", "create tutor", "create poet"]);

    // What Ollama and the managed set hold after that run.
    const managed = new Map(first.steps.map((s) => [s.key, { name: s.name ?? s.model!.name, fingerprint: s.fingerprint }]));
    const present = new Set(first.steps.map((s) => s.key));
    const systemPrompts = new Map(first.steps.filter((s) => s.model?.system).map((s) => [s.key, s.model!.system!]));

    const after = [before[0]!, { ...before[2]!, system: "Be very patient." }, before[3]!];
    const second = planSync(parseDeclaredModels(modelsOf(await renderConfig({ ...MINIKUBE, models: after }))), managed, { present, systemPrompts });
    expect(second.steps.map((s) => `${s.kind} ${s.name ?? s.model?.name}`)).toEqual(["create tutor", "remove llama3.2:1b"]);
  });

  it("runs again only when what the sync does or its code changes", async () => {
    const job = (models: unknown[]) => renderConfig({ ...MINIKUBE, models }).then((r) => resource(r, JOB, "model-sync-job").inputs.metadata as { name: string });
    const a = await job(before);
    expect((await job(before)).name).toBe(a.name);
    expect((await job(before.slice(1))).name).not.toBe(a.name);
    expect((await job([{ ...before[0]!, numCtx: 4096 }, ...before.slice(1)])).name).toBe(a.name);
    expect(a.name).toMatch(/^model-sync-[0-9a-f]{10}$/);
  });
});

describe("the gateway deployment", () => {
  it("runs the bundle from a ConfigMap on the pinned Node image, rolled by the bundle's hash", async () => {
    const recording = await renderStack("dev");
    const bundle = bundleService("llm-gateway");
    const configMap = resource(recording, "kubernetes:core/v1:ConfigMap", "llm-gateway-bundle");
    expect((configMap.inputs.data as Record<string, string>)["llm-gateway.mjs"]).toBe(bundle.code);
    const deployment = resource(recording, DEPLOYMENT, "llm-gateway-deployment");
    const template = (deployment.inputs.spec as { template: { metadata: { annotations: Record<string, string> } } }).template;
    expect(template.metadata.annotations["homelab/bundle-sha256"]).toBe(bundle.sha256);
    const container = pod(deployment).containers[0]!;
    expect(container.image).toMatch(/^docker\.io\/library\/node:\d+\.\d+\.\d+-alpine/);
    expect(container.command).toEqual(["node", "/app/llm-gateway.mjs"]);
  });

  it("serves the declared models under their names and aliases, with their context and keep-alive", async () => {
    const recording = await renderConfig({ ...MINIKUBE, models: [{ name: "qwen3:0.6b", numCtx: 8192, keepAlive: "30m", alias: "fast" }, { name: "llama3.2:1b" }] });
    const container = pod(resource(recording, DEPLOYMENT, "llm-gateway-deployment")).containers[0]!;
    expect(env(container, "MODEL_ALIASES")).toBe("qwen3:0.6b,fast=qwen3:0.6b,llama3.2:1b");
    expect(JSON.parse(env(container, "MODEL_OPTIONS")!)).toEqual([{ name: "qwen3:0.6b", numCtx: 8192, keepAlive: "30m" }]);
    expect(env(container, "OLLAMA_HOST")).toBe("http://ollama.ollama.svc:11434");
    expect(container.env.find((e) => e.name === "DATABASE_URL")?.valueFrom).toEqual({ secretKeyRef: { name: "llm-gateway-db-app", key: "uri" } });
    // Open WebUI's key may name the signed-in person, so the gateway's bounds apply per person.
    expect(env(container, "FORWARDED_IDENTITY_USERS")).toBe("open-webui");
  });

  it("keeps its PostgreSQL on destroy", async () => {
    const database = resource(await renderStack("dev"), "kubernetes:postgresql.cnpg.io/v1:Cluster", "llm-gateway-db-postgres");
    expect(database.options.retainOnDelete).toBe(true);
    expect(database.options.dependsOn).toContain("cloudnative-pg-webhook-gate");
  });

  it("runs a prebuilt image instead when the stack names one", async () => {
    const recording = await renderConfig({ ...MINIKUBE, llm: { gatewayImage: "ghcr.io/me/llm-gateway:1.2.0" } });
    const container = pod(resource(recording, DEPLOYMENT, "llm-gateway-deployment")).containers[0]!;
    expect(container.image).toBe("ghcr.io/me/llm-gateway:1.2.0");
    expect(container.command).toBeUndefined();
    expect(resourcesOfType(recording, "kubernetes:core/v1:ConfigMap").map((c) => c.name)).not.toContain("llm-gateway-bundle");
  });

  it("publishes only the API: metrics and probes stay inside", async () => {
    const route = resource(await renderStack("dev"), "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "llm-route");
    expect((route.inputs.spec as { rules: { matches: unknown }[] }).rules[0]!.matches).toEqual([{ path: { type: "PathPrefix", value: "/v1" } }]);
  });

  it("serves metrics on a port of their own that the route never names, probes on the API port", async () => {
    const recording = await renderStack("homelab");
    const container = pod(resource(recording, DEPLOYMENT, "llm-gateway-deployment")).containers[0]! as Container & {
      ports: unknown[];
      readinessProbe: { httpGet: { port: string } };
      livenessProbe: { httpGet: { port: string } };
    };
    expect(container.ports).toEqual([
      { name: "http", containerPort: 8080 },
      { name: "metrics", containerPort: 9464 },
    ]);
    expect(env(container, "METRICS_PORT")).toBe("9464");
    expect([container.readinessProbe.httpGet.port, container.livenessProbe.httpGet.port]).toEqual(["http", "http"]);
    expect((resource(recording, "kubernetes:core/v1:Service", "llm-gateway-service").inputs.spec as { ports: unknown[] }).ports).toEqual([
      { name: "http", port: 8080, targetPort: "http" },
      { name: "metrics", port: 9464, targetPort: "metrics" },
    ]);
    const route = resource(recording, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "llm-route");
    expect((route.inputs.spec as { rules: { backendRefs: unknown }[] }).rules.map((r) => r.backendRefs)).toEqual([[{ name: "llm-gateway", port: 8080 }]]);
  });

  it("lets only Prometheus's namespace reach the metrics port, and only when observability is on", async () => {
    const withoutObservability = resource(await renderStack("dev"), POLICY, "llm-gateway-allow").inputs.spec as { ingress: { ports?: { port: number }[] }[] };
    expect(withoutObservability.ingress.filter((rule) => rule.ports?.some((p) => p.port === 9464))).toEqual([]);
    const spec = resource(await renderStack("homelab"), POLICY, "llm-gateway-allow").inputs.spec as {
      ingress: { from?: unknown[]; ports?: { port: number }[] }[];
    };
    const reaching = spec.ingress.filter((rule) => !rule.ports || rule.ports.some((p) => p.port === 9464));
    expect(reaching).toEqual([
      // The namespace's own pods: the gateway and its PostgreSQL.
      { from: [{ podSelector: {} }] },
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
        ports: [{ protocol: "TCP", port: 9464 }, { protocol: "TCP", port: 9187 }],
      },
    ]);
  });

  it("bounds each user with the gateway's defaults, one Ollama slot kept back for others", async () => {
    const container = pod(resource(await renderStack("homelab"), DEPLOYMENT, "llm-gateway-deployment")).containers[0]!;
    expect(["UPSTREAM_PARALLELISM", "MAX_UPSTREAM_SLOTS_PER_USER", "MAX_COMPLETION_TOKENS", "MAX_CONVERSATIONS_PER_USER", "MAX_STORED_BYTES_PER_USER", "OIDC_CLOCK_TOLERANCE_SECONDS"].map((name) => env(container, name))).toEqual(
      ["2", "1", "8192", "1000", "67108864", "60"],
    );
  });

  it("takes the bounds and the OIDC clock tolerance from the stack file", async () => {
    const recording = await renderConfig({
      ...MINIKUBE,
      llm: { gateway: { limits: { upstreamSlotsPerUser: 1, completionTokens: 2048, conversationsPerUser: 200, storedBytesPerUser: 8388608 }, oidcClockToleranceSeconds: 30 } },
    });
    const container = pod(resource(recording, DEPLOYMENT, "llm-gateway-deployment")).containers[0]!;
    expect(["MAX_UPSTREAM_SLOTS_PER_USER", "MAX_COMPLETION_TOKENS", "MAX_CONVERSATIONS_PER_USER", "MAX_STORED_BYTES_PER_USER", "OIDC_CLOCK_TOLERANCE_SECONDS"].map((name) => env(container, name))).toEqual(
      ["1", "2048", "200", "8388608", "30"],
    );
  });
});

describe("secrets", () => {
  it("generates a key per listed user, kept only as secrets, and none for Open WebUI in the outputs", async () => {
    // As plain Secrets: how they come from Vault is the secrets layer's test.
    const recording = await renderConfig({ ...MINIKUBE, features: { secrets: false }, llm: { apiUsers: ["alice", "bob"] } });
    expect(resource(recording, "kubernetes:core/v1:Secret", "llm-gateway-api-keys").inputs.stringData).toBeInstanceOf(Secret);
    const llm = recording.outputs.llm as { url: string; apiKeys: Record<string, unknown> };
    expect(llm.url).toBe("https://llm.homelab.test/v1");
    expect(Object.keys(llm.apiKeys)).toEqual(["alice", "bob"]);
    expect(Object.values(llm.apiKeys).every((key) => key instanceof Secret)).toBe(true);
    expect((recording.outputs.credentials as Record<string, { password: unknown }>)["open-webui"]!.password).toBeInstanceOf(Secret);
    for (const name of ["open-webui-admin", "open-webui-gateway-key"]) {
      expect(resource(recording, "kubernetes:core/v1:Secret", name).inputs.stringData).toBeInstanceOf(Secret);
    }
  });
});

function ingressFrom(recording: Recording, namespace: string): string[] {
  const spec = resource(recording, POLICY, `${namespace}-allow`).inputs.spec as {
    ingress: { from?: { namespaceSelector?: { matchLabels: Record<string, string> }; podSelector?: unknown }[] }[];
  };
  return spec.ingress.flatMap((rule) =>
    (rule.from ?? [{}]).map((peer) => peer.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? (peer.podSelector ? "(own namespace)" : "(anywhere)")),
  );
}

describe("who reaches Ollama", () => {
  it("only the gateway (and the sync Job in Ollama's own namespace) when Open WebUI goes through the gateway", async () => {
    const recording = await renderStack("dev");
    expect(ingressFrom(recording, "ollama")).toEqual(["llm-gateway", "(own namespace)"]);
    expect(resource(recording, "kubernetes:helm.sh/v4:Chart", "open-webui-chart").inputs.values).toMatchObject({
      enableOpenaiApi: true,
      openaiBaseApiUrl: "http://llm-gateway.llm-gateway.svc:8080/v1",
      ollamaUrls: [],
    });
  });

  it("the gateway and Open WebUI when Open WebUI talks to Ollama directly", async () => {
    const recording = await renderConfig({ ...MINIKUBE, llm: { chatBackend: "ollama" } });
    expect(ingressFrom(recording, "ollama")).toEqual(["llm-gateway", "open-webui", "(own namespace)"]);
    expect(resource(recording, "kubernetes:helm.sh/v4:Chart", "open-webui-chart").inputs.values).toMatchObject({
      enableOpenaiApi: false,
      ollamaUrls: ["http://ollama.ollama.svc:11434"],
    });
  });

  it("is not exposed through the Gateway", async () => {
    const recording = await renderStack("dev");
    expect(Object.keys(recording.outputs.endpoints as object)).not.toContain("ollama");
    expect(ingressFrom(recording, "ollama")).not.toContain("traefik");
  });
});

interface EgressPolicy {
  readonly podSelector: { matchLabels?: Record<string, string> };
  readonly egress?: { to?: { ipBlock?: { cidr: string; except?: string[] } }[]; ports?: { port: number }[] }[];
}

/** The ipBlocks the policies of `namespace` let pods with `labels` reach, with their ports. */
function addressesReachedBy(recording: Recording, namespace: string, labels: Record<string, string>): string[] {
  return resourcesOfType(recording, POLICY)
    .filter((r) => (r.inputs.metadata as { namespace: string }).namespace === namespace)
    .map((r) => r.inputs.spec as EgressPolicy)
    .filter((spec) => Object.entries(spec.podSelector.matchLabels ?? {}).every(([key, value]) => labels[key] === value))
    .flatMap((spec) => spec.egress ?? [])
    .flatMap((rule) =>
      (rule.to ?? []).flatMap((peer) =>
        peer.ipBlock ? [`${peer.ipBlock.cidr}${peer.ipBlock.except ? ` except ${peer.ipBlock.except.join(",")}` : ""} :${(rule.ports ?? []).map((p) => p.port).join(",")}`] : [],
      ),
    );
}

const NOT_INTERNET = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,169.254.0.0/16";
const API = ["10.0.0.0/8 :443,6443,8443", "172.16.0.0/12 :443,6443,8443", "192.168.0.0/16 :443,6443,8443"];

describe("who reaches the API server and the LAN", () => {
  it.each(["dev", "homelab"])("%s: Ollama and the gateway reach neither; the sync Job and the databases reach the API", async (stack) => {
    const recording = await renderStack(stack);
    expect(addressesReachedBy(recording, "ollama", { app: "ollama" })).toEqual([`0.0.0.0/0 except ${NOT_INTERNET} :443`]);
    expect(addressesReachedBy(recording, "llm-gateway", { app: "llm-gateway" })).toEqual([]);
    expect(addressesReachedBy(recording, "ollama", { app: "model-sync" })).toEqual([`0.0.0.0/0 except ${NOT_INTERNET} :443`, ...API]);
    expect(addressesReachedBy(recording, "llm-gateway", { "cnpg.io/cluster": "llm-gateway-db" })).toEqual(API);
    expect(addressesReachedBy(recording, "open-webui", { "cnpg.io/cluster": "open-webui-db" })).toEqual([`0.0.0.0/0 except ${NOT_INTERNET} :443`, ...API]);
    expect(addressesReachedBy(recording, "open-webui", { "app.kubernetes.io/name": "open-webui" })).toEqual([`0.0.0.0/0 except ${NOT_INTERNET} :443`]);
  });
});

describe("without the LLM feature", () => {
  it("installs none of it", async () => {
    const recording = await renderConfig({ ...MINIKUBE, features: { llm: false } });
    expect(recording.resources.filter((r) => r.type.startsWith("homelab:llm:"))).toEqual([]);
    expect(recording.outputs).not.toHaveProperty("llm");
  });
});

describe("trust", () => {
  it("gives the gateway the platform CA, for the OIDC issuer's HTTPS", async () => {
    const recording = await renderStack("dev");
    expect(resource(recording, "kubernetes:core/v1:ConfigMap", "llm-gateway-platform-ca").inputs.data).toEqual({ "ca.crt": recording.outputs.caCertificate });
    const gateway = pod(resource(recording, DEPLOYMENT, "llm-gateway-deployment"));
    expect(env(gateway.containers[0]!, "NODE_EXTRA_CA_CERTS")).toBe("/etc/platform-ca/ca.crt");
  });
});

describe("with single sign-on", () => {
  const CHART = "kubernetes:helm.sh/v4:Chart";
  // Plain Secrets (secrets off), so the tests read the client secrets themselves.
  const withSso = () => renderConfig({ ...MINIKUBE, features: { sso: true, secrets: false }, sso: { people: [{ username: "alice", email: "alice@homelab.test", groups: ["admins"] }] } });
  const ISSUER = "https://auth.homelab.test/realms/homelab";

  it("logs in to Open WebUI through the realm's issuer, admins by group, its client secret delivered to its namespace", async () => {
    const recording = await withSso();
    const values = plain(resource(recording, CHART, "open-webui-chart").inputs.values, true) as { sso: { oidc: Record<string, string>; roleManagement: Record<string, string> }; hostAliases: unknown };
    expect(values.sso.oidc.providerUrl).toBe(`${ISSUER}/.well-known/openid-configuration`);
    expect([values.sso.oidc.clientId, values.sso.oidc.clientExistingSecret]).toEqual(["open-webui", "open-webui-oidc"]);
    expect(values.sso.roleManagement).toEqual({ rolesClaim: "groups", allowedRoles: "admins,users", adminRoles: "admins" });
    expect(values.hostAliases).toEqual([{ ip: "192.168.49.200", hostnames: ["auth.homelab.test"] }]);
    const secret = resource(recording, "kubernetes:core/v1:Secret", "open-webui-oidc");
    expect((secret.inputs.metadata as { namespace: string }).namespace).toBe("open-webui");
  });

  it("has the gateway accept the realm's tokens for its audience", async () => {
    const gateway = pod(resource(await withSso(), DEPLOYMENT, "llm-gateway-deployment"));
    expect([env(gateway.containers[0]!, "OIDC_ISSUER"), env(gateway.containers[0]!, "OIDC_AUDIENCE")]).toEqual([ISSUER, "llm-gateway"]);
    // The realm's admins read everybody's usage; Open WebUI's key is in a group of its own, so the people behind it are not admins.
    expect([env(gateway.containers[0]!, "USAGE_ADMIN_GROUPS"), env(gateway.containers[0]!, "API_KEY_GROUPS")]).toEqual(["admins", "open-webui=open-webui"]);
  });

  it("declares a client for each in the realm the sync keeps, with the secrets Open WebUI got", async () => {
    const recording = await withSso();
    const job = recording.resources.find((r) => r.type === JOB && r.name === "keycloak-config-job")!;
    const realm = JSON.parse((job.inputs.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }).template.spec.containers[0]!.env.find((e) => e.name === "REALM")!.value!);
    // The LLM layer's own clients; other layers add theirs (the dashboard's forward auth).
    const own = (realm.clients as { clientId: string }[]).filter((c) => ["llm-gateway", "open-webui"].includes(c.clientId));
    expect(own).toEqual([
      { clientId: "llm-gateway", redirectUris: [] },
      { clientId: "open-webui", redirectUris: ["https://chat.homelab.test/oauth/oidc/callback"] },
    ]);
    const secrets = JSON.parse((plain(resource(recording, "kubernetes:core/v1:Secret", "keycloak-config-secrets").inputs.stringData, true) as Record<string, string>)["secrets.json"]!);
    const webui = plain(resource(recording, "kubernetes:core/v1:Secret", "open-webui-oidc").inputs.stringData, true) as Record<string, string>;
    expect(secrets.clients["open-webui"]).toBe(webui["client-secret"]);
  });

  it("lets Open WebUI and the gateway reach the issuer through Traefik's HTTPS port, nothing more of Traefik", async () => {
    const recording = await withSso();
    for (const namespace of ["open-webui", "llm-gateway"]) {
      const policy = resource(recording, POLICY, `${namespace}-allow`);
      const egress = (policy.inputs.spec as { egress: { to?: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports?: { port: number }[] }[] }).egress;
      const toTraefik = egress.filter((rule) => rule.to?.some((t) => t.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "traefik"));
      expect(toTraefik.flatMap((r) => r.ports!.map((p) => p.port))).toEqual([8443]);
    }
  });
});
