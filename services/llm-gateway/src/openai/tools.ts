import type { Tool } from "ollama";
import { z } from "zod";
import type { CapabilityNeed } from "../generation/capability.ts";
import { ApiError } from "../http/api-error.ts";

/** OpenAI's rule for function names, which chat templates also rely on. */
const functionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "expected 1 to 64 letters, digits, underscores or dashes");

export const toolSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: functionName,
    description: z.string().nullish(),
    /** A JSON schema of the arguments; Ollama's chat templates read it as such. */
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});

export const toolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: functionName }) }),
]);

/** A tool call as an assistant message carries it on OpenAI's wire: arguments as JSON text. */
export const toolCallSchema = z.object({
  id: z.string().min(1, "expected the call's id"),
  type: z.literal("function"),
  function: z.object({ name: functionName, arguments: z.string() }),
});

export const toolCallingNeed: CapabilityNeed = {
  capability: "tools",
  param: "tools",
  remedy: "omit tools or choose a model with tool calling",
};

export type OpenAiTool = z.infer<typeof toolSchema>;
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

/**
 * The tools Ollama is offered. Ollama cannot force a call, so "required" and a
 * named function offer the tools (only the named one) and leave the choice to
 * the model; "none" offers none.
 */
export function toolsForOllama(tools: readonly OpenAiTool[] | null | undefined, choice: ToolChoice | null | undefined): Tool[] {
  if (!tools?.length || choice === "none") return [];
  if (typeof choice === "object" && choice !== null) {
    const named = tools.filter((tool) => tool.function.name === choice.function.name);
    if (named.length === 0) {
      const offered = tools.map((tool) => tool.function.name).join(", ");
      throw new ApiError(400, `invalid request: tool_choice: names function "${choice.function.name}", which is not among tools (${offered})`, {
        param: "tool_choice",
      });
    }
    return named.map(toOllamaTool);
  }
  return tools.map(toOllamaTool);
}

function toOllamaTool({ function: fn }: OpenAiTool): Tool {
  return {
    type: "function",
    function: {
      name: fn.name,
      ...(fn.description == null ? {} : { description: fn.description }),
      ...(fn.parameters == null ? {} : { parameters: fn.parameters as NonNullable<Tool["function"]["parameters"]> }),
    },
  };
}

/**
 * A call's arguments as Ollama wants them: a JSON object. `param` names the
 * field in the request, so a client sees which call it got wrong.
 */
export function parseArguments(text: string, param: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `invalid request: ${param}: not valid JSON (${(error as Error).message})`, { param });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ApiError(400, `invalid request: ${param}: expected a JSON object`, { param });
  }
  return parsed as Record<string, unknown>;
}
