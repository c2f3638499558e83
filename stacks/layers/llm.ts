import * as pulumi from "@pulumi/pulumi";
import { Llm, LLM_CHARTS, type LlmArgs, ollamaIdleWorkload } from "../../components/llm";
import type { System } from "../../components/system";
import type { Target } from "../targets/target";
import { defineLayer, type LayerConfig, type ParsedLayerConfig } from "./layer";
import type { CrossCheck } from "../config-checks";
import { type OllamaIdleChecked, ollamaIdleProblems } from "./ollama-idle-config";
import type { PlatformServices } from "./platform-services";
import { llmProblems, llmSchema, OPEN_WEBUI_USER } from "./llm-config";
import { declaredHostedModels, declaredModels, hostedModelProblems, hostedModelsSchema, modelProblems, modelsSchema } from "./model-config";

const LLM_KEYS = { models: modelsSchema, hostedModels: hostedModelsSchema, llm: llmSchema };

const idleCheck: CrossCheck<OllamaIdleChecked> = { needs: ["llm", "data", "features"], run: (c) => ollamaIdleProblems(c) };

/** Ollama with the declared models, the LLM gateway at `https://llm.<domain>/v1`, Open WebUI at `https://chat.<domain>`. */
export const llmLayer = defineLayer({
  name: "llm",
  features: {
    llm: { summary: "Ollama, Open WebUI and the LLM gateway", default: () => true, keys: ["models", "hostedModels", "llm"] },
  },
  switch: "llm",
  config: LLM_KEYS,
  checks: [
    { needs: ["models"], run: (c) => modelProblems(c.models ?? []) },
    {
      needs: ["models", "hostedModels", "features"],
      run: (c, { secretKeys }) => hostedModelProblems(declaredModels(c.models, c.features.gpu), c.hostedModels ?? [], secretKeys),
    },
    { needs: ["llm", "sizing"], run: (c) => llmProblems(c.llm, c.sizing) },
    // Reads the data layer's key too: the catalog runs each check over the whole configuration.
    idleCheck as unknown as CrossCheck<ParsedLayerConfig<typeof LLM_KEYS, "llm">>,
  ],
  charts: LLM_CHARTS,
  needs: ["system"],
  build: ({ config, target, endpoints, credentials, platform, opts }) => {
    const llm = new Llm("llm", { ...llmArgs(config, target, platform), prometheusOperator: platform.observability?.prometheusOperator, credentials }, opts);
    const { apiUsers, ollamaIdleMinutes } = config.llm;
    // The checks passed: KEDA and Prometheus are there.
    if (ollamaIdleMinutes !== undefined && platform.scaling) platform.scaling.scale(ollamaIdleWorkload(ollamaIdleMinutes), { parent: llm, dependsOn: [llm.ollama] });
    return {
      outputs: {
        credentials: { "open-webui": { username: llm.openWebui.admin.email, password: llm.openWebui.admin.password } },
        values: {
          /** The gateway's OpenAI-compatible URL and each user's API key (secret); not Open WebUI's own. */
          llm: {
            url: `${endpoints.urls().llm!}/v1`,
            apiKeys: Object.fromEntries(apiUsers.map((user) => [user, llm.gateway.apiKeys[user]!])),
          },
        },
      },
    };
  },
  examples: {
    "minikube with Open WebUI on Ollama": {
      target: "minikube",
      domain: "homelab.test",
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
      llm: { chatBackend: "ollama" },
    },
  },
});

function llmArgs(
  config: LayerConfig<typeof LLM_KEYS, "llm">,
  target: Target,
  platform: PlatformServices & { readonly system: System },
): Omit<LlmArgs, "credentials"> {
  const { system, postgresBackups, volumeBackups } = platform;
  return {
    models: declaredModels(config.models, config.features.gpu),
    apiUsers: config.llm.apiUsers,
    openWebuiUser: OPEN_WEBUI_USER,
    chatBackend: config.llm.chatBackend,
    modelStorage: config.llm.modelStorage,
    gatewayImage: config.llm.gatewayImage,
    gatewayLimits: config.llm.gateway.limits,
    gatewayOidcClockToleranceSeconds: config.llm.gateway.oidcClockToleranceSeconds,
    gatewayQuotas: config.llm.gateway.quotas,
    gatewayImages: config.llm.gateway.images,
    hostedModels: declaredHostedModels(config.hostedModels, (key) => pulumi.secret(key)),
    gpu: system.gpu,
    storageClass: target.storage.rwo.className,
    sizing: target.sizing,
    postgresOperator: system.cloudnativePg.ready,
    postgresBackups,
    volumeBackups,
    caCertificate: system.caCertificate,
    exposure: system.exposure,
    sso: platform.sso,
  };
}
