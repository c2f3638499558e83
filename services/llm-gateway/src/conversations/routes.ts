import { Hono, type Context } from "hono";
import type { Message } from "ollama";
import { requireCapability } from "../generation/capability.ts";
import { requestedThink, thinkForModel } from "../generation/thinking.ts";
import type { GenerationResult } from "../generation/generation-request.ts";
import { ApiError } from "../http/api-error.ts";
import type { GatewayEnv } from "../http/gateway-env.ts";
import { answer } from "../openai/answer.ts";
import { wireToolCall } from "../openai/completion-payloads.ts";
import type { OpenAiRouteDeps } from "../openai/routes.ts";
import { toolCallingNeed, toolsForOllama } from "../openai/tools.ts";
import {
  OwnerLimitError,
  type ConversationStore,
  type ConversationSummary,
  type NewMessage,
  type OwnerLimits,
  type StoredMessage,
} from "../store/conversation-store.ts";
import { parseBody, validate } from "../validation/parse-body.ts";
import { fitToContext, historyCharBudget } from "./context-window.ts";
import { toOllamaHistory, toolResultMessages } from "./history.ts";
import { decodeCursor, encodeCursor } from "./list-cursor.ts";
import { checkRoomFor, ownerLimitReached } from "./owner-limits.ts";
import { listQuerySchema, newConversationSchema, newMessageSchema } from "./schemas.ts";

export interface ConversationRouteDeps extends OpenAiRouteDeps {
  readonly store: ConversationStore;
  readonly ownerLimits: OwnerLimits;
}

/** Conversations whose history the gateway keeps and sends back as context. */
export function conversationRoutes(deps: ConversationRouteDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();
  const owner = (c: Context<GatewayEnv>) => c.get("principal").user;

  routes.post("/", async (c) => {
    const body = await parseBody(c, newConversationSchema);
    if (body.model !== undefined) deps.catalog.resolve(body.model);
    try {
      const conversation = await deps.store.create({ owner: owner(c), ...body }, deps.ownerLimits);
      return c.json({ ...summaryJson(conversation), system: conversation.system }, 201);
    } catch (error) {
      throw error instanceof OwnerLimitError ? ownerLimitReached(error) : error;
    }
  });

  routes.get("/", async (c) => {
    const query = validate(c.req.query(), listQuerySchema);
    const after = query.after === undefined ? undefined : decodeCursor(query.after);
    const page = await deps.store.list(owner(c), { limit: query.limit, after });
    return c.json({
      object: "list",
      data: page.conversations.map(summaryJson),
      has_more: page.next !== undefined,
      next_cursor: page.next ? encodeCursor(page.next) : null,
    });
  });

  routes.get("/:id", async (c) => {
    const conversation = await deps.store.get(owner(c), c.req.param("id"));
    if (!conversation) throw notFound(c.req.param("id"));
    return c.json({ ...summaryJson(conversation), system: conversation.system, messages: conversation.messages.map(messageJson) });
  });

  routes.delete("/:id", async (c) => {
    if (!(await deps.store.delete(owner(c), c.req.param("id")))) throw notFound(c.req.param("id"));
    return c.json({ id: c.req.param("id"), object: "conversation.deleted", deleted: true });
  });

  routes.post("/:id/messages", async (c) => {
    const id = c.req.param("id");
    const body = await parseBody(c, newMessageSchema);
    const conversation = await deps.store.find(owner(c), id);
    if (!conversation) throw notFound(id);
    const texts = body.content === undefined ? (body.tool_results ?? []).map(({ content }) => content) : [body.content];
    checkRoomFor(
      texts.reduce((sum, text) => sum + Buffer.byteLength(text, "utf8"), 0),
      await deps.store.usage(owner(c)),
      deps.ownerLimits,
    );
    const modelName = body.model ?? conversation.model;
    if (!modelName) {
      throw new ApiError(400, "invalid request: model: required, as this conversation has no default model", { param: "model" });
    }
    const model = deps.catalog.resolve(modelName);
    const think = await thinkForModel(model, requestedThink(body.think, body.reasoning_effort), deps.capabilities, deps.ollamaHost);
    const tools = toolsForOllama(body.tools, body.tool_choice);
    if (tools.length > 0) await requireCapability(model, toolCallingNeed, deps.capabilities, deps.ollamaHost);
    const system: Message[] = conversation.system ? [{ role: "system", content: conversation.system }] : [];
    const recent = await deps.store.recent(owner(c), id, historyCharBudget(model.contextTokens));
    const next: Message[] =
      body.content === undefined ? toolResultMessages(body.tool_results ?? [], recent.at(-1)) : [{ role: "user", content: body.content }];
    const asked: NewMessage[] =
      body.content === undefined
        ? (body.tool_results ?? []).map((result) => ({ role: "tool", content: result.content, toolCallId: result.tool_call_id }))
        : [{ role: "user", content: body.content }];
    const save = async (result: GenerationResult) => {
      const saved = await deps.store.append(owner(c), id, [
        ...asked,
        {
          role: "assistant",
          content: result.content,
          reasoning: result.reasoning || null,
          toolCalls: result.toolCalls.length > 0 ? result.toolCalls : null,
          model: model.id,
          promptTokens: result.promptTokens,
          completionTokens: result.completionTokens,
        },
      ]);
      if (!saved) throw new ApiError(404, `conversation ${id} was deleted while it was being answered`, { code: "conversation_not_found" });
    };
    return answer(
      c,
      deps,
      {
        user: owner(c),
        model,
        messages: fitToContext(system, toOllamaHistory(recent), next, model.contextTokens),
        think,
        tools,
        options: {},
      },
      {
        stream: body.stream === true,
        includeUsage: true,
        hideReasoning: body.hide_reasoning ?? deps.hideReasoning,
        extras: { conversation_id: id },
        onComplete: save,
      },
    );
  });

  return routes;
}

function notFound(id: string): ApiError {
  return new ApiError(404, `conversation ${id} not found`, { code: "conversation_not_found" });
}

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

function summaryJson(conversation: ConversationSummary) {
  return {
    id: conversation.id,
    object: "conversation" as const,
    title: conversation.title,
    model: conversation.model,
    created_at: unixSeconds(conversation.createdAt),
    updated_at: unixSeconds(conversation.updatedAt),
  };
}

function messageJson(message: StoredMessage) {
  return {
    role: message.role,
    content: message.content,
    ...(message.reasoning ? { reasoning: message.reasoning } : {}),
    ...(message.toolCalls ? { tool_calls: message.toolCalls.map(wireToolCall) } : {}),
    ...(message.toolCallId ? { tool_call_id: message.toolCallId } : {}),
    ...(message.model ? { model: message.model } : {}),
    ...(message.promptTokens === null || message.completionTokens === null
      ? {}
      : { usage: { prompt_tokens: message.promptTokens, completion_tokens: message.completionTokens } }),
    created_at: unixSeconds(message.createdAt),
  };
}
