import type { Generation } from "../generation/generation.ts";
import type { GenerationResult } from "../generation/generation-request.ts";
import { ApiError } from "../http/api-error.ts";
import { deltaChunk, finishChunk, usageChunk, type Extras } from "./completion-payloads.ts";
import { DONE_FRAME, dataFrame } from "./sse.ts";

export interface StreamOptions {
  readonly includeUsage: boolean;
  readonly hideReasoning: boolean;
  readonly extras: Extras;
  /** Runs after the last token and before the client is told the answer is complete. */
  readonly onComplete?: ((result: GenerationResult) => Promise<void>) | undefined;
}

/**
 * The SSE frames of a streamed chat completion. A failure after the stream
 * began becomes one `data: {"error": …}` frame, which OpenAI's SDKs raise as
 * an API error, and the stream then ends cleanly without `[DONE]`.
 */
export async function* completionFrames(generation: Generation, options: StreamOptions): AsyncGenerator<string, void> {
  const events = generation.events();
  let first = true;
  try {
    let step = await events.next();
    while (!step.done) {
      if (!(options.hideReasoning && step.value.type === "reasoning")) {
        yield dataFrame(deltaChunk(generation, step.value, first, options.extras));
        first = false;
      }
      step = await events.next();
    }
    const result = step.value;
    await options.onComplete?.(result);
    yield dataFrame(finishChunk(generation, result.finishReason, options.extras));
    if (options.includeUsage) yield dataFrame(usageChunk(generation, result, options.extras));
    yield DONE_FRAME;
  } catch (error) {
    const apiError = error instanceof ApiError ? error : new ApiError(500, `internal error while streaming (request ${generation.id})`);
    yield dataFrame(apiError.toBody());
  }
}
