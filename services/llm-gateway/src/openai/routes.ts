import { Hono } from "hono";
import type { GatewayEnv } from "../http/gateway-env.ts";
import type { ModelCatalog } from "../models/model-catalog.ts";
import type { CapabilityCache } from "../ollama/capability-cache.ts";
import { requireCapability } from "../generation/capability.ts";
import { requestedThink, thinkForModel } from "../generation/thinking.ts";
import { parseBody } from "../validation/parse-body.ts";
import { answer, type AnswerDeps } from "./answer.ts";
import { attachImages, type ImageLimits, type ImageRef } from "../images/attach-images.ts";
import type { ImageFetcher } from "../images/fetch-image.ts";
import { chatCompletionRequestSchema, imageRefs, toOllamaFormat, toOllamaMessages, toOllamaOptions } from "./chat-request.ts";
import { toolCallingNeed, toolsForOllama } from "./tools.ts";

export interface OpenAiRouteDeps extends AnswerDeps {
  readonly catalog: ModelCatalog;
  readonly capabilities: CapabilityCache;
  readonly ollamaHost: string;
  readonly hideReasoning: boolean;
  readonly images: { readonly fetcher: ImageFetcher; readonly limits: ImageLimits };
}

/** OpenAI's chat completions and models endpoints, so existing clients work unchanged. */
export function openAiRoutes(deps: OpenAiRouteDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();

  routes.get("/models", (c) =>
    c.json({ object: "list", data: deps.catalog.models.map((model) => modelObject(model.id)) }),
  );

  routes.get("/models/:id{.+}", (c) => c.json(modelObject(deps.catalog.resolve(c.req.param("id")).id)));

  routes.post("/chat/completions", async (c) => {
    const body = await parseBody(c, chatCompletionRequestSchema);
    const model = deps.catalog.resolve(body.model);
    const think = await thinkForModel(model, requestedThink(body.think, body.reasoning_effort), deps.capabilities, deps.ollamaHost);
    const messages = toOllamaMessages(body.messages);
    const tools = toolsForOllama(body.tools, body.tool_choice);
    if (tools.length > 0) await requireCapability(model, toolCallingNeed, deps.capabilities, deps.ollamaHost);
    const images = imageRefs(body.messages);
    if (images.length > 0) {
      const param = (images[0] as ImageRef).param;
      await requireCapability(model, { capability: "vision", param, remedy: "leave images out or choose a vision model" }, deps.capabilities, deps.ollamaHost);
      await attachImages(messages, images, deps.images.fetcher, deps.images.limits);
    }
    return answer(
      c,
      deps,
      {
        user: c.get("principal").user,
        model,
        messages,
        think,
        tools,
        options: toOllamaOptions(body),
        format: toOllamaFormat(body.response_format),
      },
      {
        stream: body.stream === true,
        includeUsage: body.stream_options?.include_usage === true,
        hideReasoning: body.hide_reasoning ?? deps.hideReasoning,
        extras: {},
      },
    );
  });

  return routes;
}

function modelObject(id: string) {
  return { id, object: "model" as const, created: 0, owned_by: "ollama" };
}
