import type { Message, Options } from "ollama";
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
}

export type GenerationEvent = { readonly type: "reasoning" | "content"; readonly text: string };

export type FinishReason = "stop" | "length";

export interface GenerationResult {
  readonly content: string;
  readonly reasoning: string;
  readonly finishReason: FinishReason;
  readonly promptTokens: number;
  readonly completionTokens: number;
}
