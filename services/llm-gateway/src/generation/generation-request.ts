import type { Message, Options, Tool } from "ollama";
import type { ServedModel } from "../models/model-catalog.ts";

/** Ollama's `think`: on, off, or an effort level for models that have levels. */
export type Think = boolean | "low" | "medium" | "high";

/** One answer to produce, already validated and mapped from whichever API asked for it. */
export interface GenerationRequest {
  readonly user: string;
  readonly model: ServedModel;
  readonly messages: readonly Message[];
  readonly think: Think | undefined;
  readonly options: Partial<Options>;
  /** Ollama's `format`: "json", or a JSON schema the answer must follow. */
  readonly format?: string | object | undefined;
  /** Functions the model may call; empty or absent: none. */
  readonly tools?: readonly Tool[] | undefined;
}

/** A function call the model made, with the id clients answer it by and its arguments as JSON text. */
export interface AssistantToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

export type GenerationEvent =
  | { readonly type: "reasoning" | "content"; readonly text: string }
  /** `index` counts the calls of one answer from 0, as OpenAI's streamed deltas do. */
  | { readonly type: "tool_call"; readonly index: number; readonly call: AssistantToolCall };

export type FinishReason = "stop" | "length" | "tool_calls";

export interface GenerationResult {
  readonly content: string;
  readonly reasoning: string;
  readonly toolCalls: readonly AssistantToolCall[];
  readonly finishReason: FinishReason;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** The part of `completionTokens` the upstream reported as reasoning; undefined when it reports none apart (Ollama). */
  readonly reasoningTokens: number | undefined;
}
