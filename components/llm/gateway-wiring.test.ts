import { describe, expect, it } from "vitest";
import { MINIKUBE, renderConfig, renderStack, resource, resourcesOfType } from "../../render/harness";
import type { RecordedResource, Recording } from "../../render/run-under-mocks";
import { plain, Secret } from "../../render/secret";

/** The stack keys that reach the gateway: hosted models with their keys and egress, fallbacks, quotas, image bounds. */

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: unknown;
}

function gatewayEnv(recording: Recording): EnvVar[] {
  const deployment = resource(recording, DEPLOYMENT, "llm-gateway-deployment");
  return (deployment.inputs.spec as { template: { spec: { containers: { env: EnvVar[] }[] } } }).template.spec.containers[0]!.env;
}

const valueOf = (env: EnvVar[], name: string) => env.find((e) => e.name === name)?.value;

/** The gateway's own egress, DNS aside: each ipBlock with its ports. */
function gatewayEgress(recording: Recording): string[] {
  const spec = resource(recording, POLICY, "llm-gateway-allow").inputs.spec as {
    egress: { to?: { ipBlock?: { cidr: string; except?: string[] } }[]; ports?: { port: number }[] }[];
  };
  return spec.egress.flatMap((rule) =>
    (rule.to ?? []).flatMap((peer) => (peer.ipBlock ? [`${peer.ipBlock.cidr}${peer.ipBlock.except ? " except private" : ""} :${(rule.ports ?? []).map((p) => p.port).join(",")}`] : [])),
  );
}

const HOSTED = [
  { name: "gpt", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKey: { secure: "v1:abc" }, capabilities: ["tools"], fallback: "lan" },
  { name: "lan", baseUrl: "http://192.168.1.20:8000/v1", model: "qwen2.5-7b-instruct" },
];

const withHosted = (features: Record<string, boolean> = {}) =>
  renderConfig({
    ...MINIKUBE,
    features,
    models: [{ name: "qwen3:0.6b", alias: "fast", fallback: "gpt" }, { name: "nomic-embed-text", alias: "embed", kind: "embedding" }],
    hostedModels: HOSTED,
    llm: {
      apiUsers: ["admin", "ci"],
      gateway: { quotas: { daily: 1000, monthly: 20000, groups: { admins: { daily: 0 } }, users: { ci: { monthly: 0 } } }, images: { maxBytes: 4194304, fetchTimeoutMs: 3000 } },
    },
  });

describe("hosted models", () => {
  it("are served without their keys in the pod spec: each key comes from the credential's Secret", async () => {
    const env = gatewayEnv(await withHosted({ secrets: false }));
    expect(JSON.parse(valueOf(env, "HOSTED_MODELS")!)).toEqual([
      { name: "gpt", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKeyEnv: "HOSTED_API_KEY_GPT", capabilities: ["tools"] },
      { name: "lan", baseUrl: "http://192.168.1.20:8000/v1", model: "qwen2.5-7b-instruct", capabilities: [] },
    ]);
    expect(env.find((e) => e.name === "HOSTED_API_KEY_GPT")?.valueFrom).toEqual({ secretKeyRef: { name: "llm-gateway-hosted-keys", key: "gpt" } });
    expect(env.map((e) => e.name)).not.toContain("HOSTED_API_KEY_LAN");
    expect(valueOf(env, "MODEL_FALLBACKS")).toBe("qwen3:0.6b=gpt,fast=gpt,gpt=lan");
  });

  it("keep their keys secret: a plain Secret without the secrets layer, an ExternalSecret from Vault with it", async () => {
    const plainSecret = resource(await withHosted({ secrets: false }), "kubernetes:core/v1:Secret", "llm-gateway-hosted-keys");
    expect(plainSecret.inputs.stringData).toBeInstanceOf(Secret);
    expect(plain(plainSecret.inputs.stringData, true)).toEqual({ gpt: "<secure homelab:hostedModels>" });
    const fromVault = resource(await withHosted(), "kubernetes:external-secrets.io/v1:ExternalSecret", "llm-gateway-hosted-keys");
    expect(fromVault.inputs.metadata).toMatchObject({ name: "llm-gateway-hosted-keys", namespace: "llm-gateway" });
  });

  it("let the gateway reach exactly their servers: the internet on 443, the LAN server's address and port", async () => {
    expect(gatewayEgress(await withHosted())).toEqual(["0.0.0.0/0 except private :443", "192.168.1.20/32 :8000"]);
  });

  it("are absent by default, and so is every way out of the cluster", async () => {
    const recording = await renderStack("dev");
    const env = gatewayEnv(recording);
    expect(valueOf(env, "HOSTED_MODELS")).toBe("[]");
    expect(valueOf(env, "MODEL_FALLBACKS")).toBe("");
    expect(env.filter((e) => e.name.startsWith("HOSTED_API_KEY_"))).toEqual([]);
    expect(gatewayEgress(recording)).toEqual([]);
    expect(resourcesOfType(recording, "kubernetes:core/v1:Secret").map((r: RecordedResource) => r.name)).not.toContain("llm-gateway-hosted-keys");
  });
});

describe("quotas and image bounds", () => {
  it("reach the gateway from the stack file, Open WebUI's key in the group whose quota holds for each person there", async () => {
    const env = gatewayEnv(await withHosted());
    expect(["DAILY_TOKEN_QUOTA", "MONTHLY_TOKEN_QUOTA", "API_KEY_GROUPS", "MAX_BODY_BYTES", "IMAGE_FETCH_TIMEOUT_MS"].map((name) => valueOf(env, name))).toEqual([
      "1000",
      "20000",
      "open-webui=open-webui",
      "4194304",
      "3000",
    ]);
    expect(JSON.parse(valueOf(env, "TOKEN_QUOTAS")!)).toEqual([{ group: "admins", daily: 0 }, { user: "key:ci", monthly: 0 }]);
  });

  it("default to no quota and images up to 16 MiB", async () => {
    const env = gatewayEnv(await renderStack("dev"));
    expect(["DAILY_TOKEN_QUOTA", "MONTHLY_TOKEN_QUOTA", "TOKEN_QUOTAS", "MAX_BODY_BYTES", "IMAGE_FETCH_TIMEOUT_MS"].map((name) => valueOf(env, name))).toEqual([
      "0",
      "0",
      undefined,
      "16777216",
      "10000",
    ]);
  });
});

describe("Open WebUI's document search", () => {
  it("embeds with the declared embedding model through the gateway", async () => {
    const values = resource(await withHosted(), "kubernetes:helm.sh/v4:Chart", "open-webui-chart").inputs.values as { extraEnvVars: EnvVar[] };
    expect(["RAG_EMBEDDING_ENGINE", "RAG_EMBEDDING_MODEL", "RAG_OPENAI_API_BASE_URL"].map((name) => valueOf(values.extraEnvVars, name))).toEqual([
      "openai",
      "embed",
      "http://llm-gateway.llm-gateway.svc:8080/v1",
    ]);
    expect(valueOf(values.extraEnvVars, "ENABLE_FORWARD_USER_INFO_HEADERS")).toBe("true");
  });
});
