import type { ChatRequest, Message } from "ollama";
import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { imageFormat } from "../images/image-bytes.ts";

/**
 * Ollama matches a tool result to its call by function name, and the gateway
 * keeps its requests in Ollama's form. An OpenAI-compatible server needs ids:
 * each call gets one from its position, and each result the id of the first
 * unanswered call of its function.
 */
function toOpenAiMessages(messages: readonly Message[]): ChatCompletionMessageParam[] {
  const unanswered: { id: string; name: string }[] = [];
  return messages.map((message, index): ChatCompletionMessageParam => {
    if (message.role === "tool") {
      const at = unanswered.findIndex(({ name }) => name === message.tool_name);
      const [call] = at >= 0 ? unanswered.splice(at, 1) : [];
      return { role: "tool", tool_call_id: call?.id ?? `call_${index}_0`, content: message.content };
    }
    if (message.role === "assistant") {
      const calls = (message.tool_calls ?? []).map((call, callIndex) => ({
        id: `call_${index}_${callIndex}`,
        type: "function" as const,
        function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments) },
      }));
      unanswered.push(...calls.map(({ id, function: fn }) => ({ id, name: fn.name })));
      return { role: "assistant", content: message.content, ...(calls.length ? { tool_calls: calls } : {}) };
    }
    if (message.role === "user" && message.images?.length) return { role: "user", content: withImages(message) };
    return { role: message.role === "system" ? "system" : "user", content: message.content };
  });
}

function withImages(message: Message): ChatCompletionContentPart[] {
  const images = (message.images ?? []).map((image): ChatCompletionContentPart => {
    const base64 = typeof image === "string" ? image : Buffer.from(image).toString("base64");
    const format = imageFormat(Buffer.from(base64.slice(0, 24), "base64")) ?? "png";
    return { type: "image_url", image_url: { url: `data:image/${format};base64,${base64}` } };
  });
  return [{ type: "text", text: message.content }, ...images];
}

/** A request in the gateway's (Ollama's) form as an OpenAI chat completion request, streamed with usage. */
export function toOpenAiRequest(request: ChatRequest): ChatCompletionCreateParamsStreaming {
  const options = request.options ?? {};
  const think = request.think;
  return {
    model: request.model,
    messages: toOpenAiMessages(request.messages ?? []),
    stream: true,
    stream_options: { include_usage: true },
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.top_p === undefined ? {} : { top_p: options.top_p }),
    // max_tokens rather than max_completion_tokens: every compatible server (vLLM, llama.cpp, Gemini) knows it.
    ...(options.num_predict === undefined ? {} : { max_tokens: options.num_predict }),
    ...(options.stop === undefined ? {} : { stop: options.stop }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.presence_penalty === undefined ? {} : { presence_penalty: options.presence_penalty }),
    ...(options.frequency_penalty === undefined ? {} : { frequency_penalty: options.frequency_penalty }),
    ...(think === true ? { reasoning_effort: "medium" as const } : typeof think === "string" ? { reasoning_effort: think } : {}),
    ...(request.format === "json" ? { response_format: { type: "json_object" as const } } : {}),
    ...(typeof request.format === "object"
      ? { response_format: { type: "json_schema" as const, json_schema: { name: "answer", schema: request.format as Record<string, unknown> } } }
      : {}),
    ...(request.tools?.length
      ? {
          tools: request.tools.map((tool) => ({
            type: "function" as const,
            function: {
              name: tool.function.name ?? "",
              ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
              ...(tool.function.parameters === undefined ? {} : { parameters: tool.function.parameters as Record<string, unknown> }),
            },
          })),
        }
      : {}),
  };
}
