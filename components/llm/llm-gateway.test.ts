import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { renderComponent, resource } from "../../render/harness";
import { resolveOutputs } from "../../render/secret";
import { deliverAtOnce } from "../lib/credentials";
import { EndpointRegistry } from "../lib/endpoints";
import { apiKeysEnv, LlmGateway, modelAliases, modelOptions } from "./llm-gateway";

describe("gateway environment", () => {
  it("lists every model under its name, and its alias when it has one", () => {
    expect(modelAliases([{ name: "qwen3:8b", alias: "smart" }, { name: "tutor" }])).toBe("qwen3:8b,smart=qwen3:8b,tutor");
  });

  it("passes context and keep-alive only for models that set them", () => {
    expect(JSON.parse(modelOptions([{ name: "a", numCtx: 4096 }, { name: "b" }, { name: "c", keepAlive: "-1" }]))).toEqual([
      { name: "a", numCtx: 4096 },
      { name: "c", keepAlive: "-1" },
    ]);
  });

  it("writes keys as user:key pairs", async () => {
    await renderComponent(async () => {
      expect(await resolveOutputs(apiKeysEnv({ alice: pulumi.output("sk-a"), bob: pulumi.output("sk-b") }))).toBe("alice:sk-a,bob:sk-b");
    });
  });
});

describe("LlmGateway", () => {
  it("adds a ServiceMonitor on the metrics port's /metrics when Prometheus is there", async () => {
    const recording = await renderComponent(
      () =>
        new LlmGateway("llm-gateway", {
          namespace: "llm-gateway",
          ollamaHost: "http://ollama.ollama.svc:11434",
          ollamaParallelism: 2,
          models: [{ name: "qwen3:8b" }],
          users: ["alice"],
          image: "ghcr.io/me/llm-gateway:1.0.0",
          storageClass: "local-path",
          sizing: "full",
          postgresOperator: new pulumi.ComponentResource("test:index:Operator", "operator"),
          credentials: deliverAtOnce(),
          prometheusOperator: new pulumi.ComponentResource("test:index:Operator", "prometheus-operator"),
          exposure: { domain: "lab.home.arpa", address: "10.0.0.200", endpoints: new EndpointRegistry(), httpsListener: () => "https", gatewayPodHttpsPort: 8443, dependsOn: [] },
          dependsOn: [],
        }),
    );
    const monitor = resource(recording, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "llm-gateway-monitor");
    expect(monitor.options.dependsOn).toEqual(["prometheus-operator"]);
    expect(monitor.inputs.spec).toEqual({
      selector: { matchLabels: { app: "llm-gateway" } },
      endpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }],
    });
  });
});
