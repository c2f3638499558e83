import type { Message } from "ollama";
import { ApiError } from "../http/api-error.ts";

/**
 * Without the model's tokenizer, tokens are estimated from characters. Three
 * characters per token overestimates for English (about four), so history is
 * trimmed a little early rather than silently cut by Ollama.
 */
const CHARS_PER_TOKEN = 3;
/** Role markers and separators the chat template adds around each message. */
const TOKENS_PER_MESSAGE = 4;

export function estimateTokens(message: Message): number {
  const calls = message.tool_calls ? JSON.stringify(message.tool_calls).length : 0;
  return Math.ceil((message.content.length + calls) / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE;
}

/**
 * Characters of stored history worth reading for a model's context: at the
 * estimate's rate, more could never fit, whatever else the prompt holds.
 */
export function historyCharBudget(contextTokens: number): number {
  return contextTokens * CHARS_PER_TOKEN;
}

/** Room left for the answer: a quarter of the window, at most 2,048 tokens. */
export function answerReserve(contextTokens: number): number {
  return Math.min(2048, Math.floor(contextTokens / 4));
}

/**
 * Fits a conversation into the model's context window: system messages and
 * the new messages are always kept; whole turns (a user message and the
 * answers after it) are dropped oldest first until the rest fits. Tool
 * results answer the calls of the newest turn, so that turn stays with them.
 */
export function fitToContext(system: readonly Message[], history: readonly Message[], next: readonly Message[], contextTokens: number): Message[] {
  const budget = contextTokens - answerReserve(contextTokens);
  const turns = splitIntoTurns(history);
  const pinned = next[0]?.role === "tool" ? (turns.pop()?.messages ?? []) : [];
  const fixed = [...system, ...pinned, ...next].reduce((sum, message) => sum + estimateTokens(message), 0);
  if (fixed > budget) {
    const param = next[0]?.role === "tool" ? "tool_results" : "content";
    throw new ApiError(
      400,
      `${param}: about ${fixed} tokens with the system prompt, more than the ${budget} tokens this model's context of ${contextTokens} leaves for a prompt`,
      { param, code: "context_length_exceeded" },
    );
  }
  let used = fixed + turns.reduce((sum, turn) => sum + turn.tokens, 0);
  while (used > budget && turns.length > 0) used -= (turns.shift() as Turn).tokens;
  return [...system, ...turns.flatMap((turn) => turn.messages), ...pinned, ...next];
}

interface Turn {
  messages: Message[];
  tokens: number;
}

function splitIntoTurns(history: readonly Message[]): Turn[] {
  const turns: Turn[] = [];
  for (const message of history) {
    const current = turns.at(-1);
    if (message.role === "user" || !current) turns.push({ messages: [message], tokens: estimateTokens(message) });
    else {
      current.messages.push(message);
      current.tokens += estimateTokens(message);
    }
  }
  return turns;
}
