import type { Message } from "ollama";
import type { AssistantToolCall } from "../generation/generation-request.ts";
import { ApiError } from "../http/api-error.ts";
import type { StoredMessage } from "../store/conversation-store.ts";

function ollamaCalls(calls: readonly AssistantToolCall[]): Message["tool_calls"] {
  return calls.map((call) => ({ function: { name: call.name, arguments: JSON.parse(call.arguments) as Record<string, unknown> } }));
}

/**
 * Stored history in Ollama's form. Ollama matches a tool result by function
 * name, found from the call it answers; a result whose call was left out of
 * the history read is dropped with it.
 */
export function toOllamaHistory(stored: readonly StoredMessage[]): Message[] {
  const names = new Map<string, string>();
  const history: Message[] = [];
  for (const message of stored) {
    if (message.role === "tool") {
      const name = names.get(message.toolCallId ?? "");
      if (name !== undefined) history.push({ role: "tool", content: message.content, tool_name: name });
      continue;
    }
    for (const call of message.toolCalls ?? []) names.set(call.id, call.name);
    history.push({
      role: message.role,
      content: message.content,
      ...(message.toolCalls?.length ? { tool_calls: ollamaCalls(message.toolCalls) } : {}),
    });
  }
  return history;
}

export interface ToolResult {
  readonly tool_call_id: string;
  readonly content: string;
}

/** Tool results as Ollama messages; each must answer a call of the conversation's last answer. */
export function toolResultMessages(results: readonly ToolResult[], last: StoredMessage | undefined): Message[] {
  const calls = last?.role === "assistant" ? (last.toolCalls ?? []) : [];
  return results.map((result, index) => {
    const call = calls.find(({ id }) => id === result.tool_call_id);
    if (!call) {
      const param = `tool_results[${index}].tool_call_id`;
      const pending = calls.length > 0 ? `its calls are ${calls.map(({ id }) => id).join(", ")}` : "it made no tool calls";
      throw new ApiError(400, `invalid request: ${param}: "${result.tool_call_id}" is not a call of this conversation's last answer; ${pending}`, {
        param,
      });
    }
    return { role: "tool", content: result.content, tool_name: call.name };
  });
}
