import { z } from "zod";
import { reasoningEffortSchema, thinkSchema } from "../generation/thinking.ts";
import { toolChoiceSchema, toolSchema } from "../openai/tools.ts";
import { storableText } from "../validation/no-nul.ts";

export const newConversationSchema = z
  .object({
    title: storableText().max(200).optional(),
    system: storableText().max(100_000).optional(),
    model: z.string().min(1).optional(),
  })
  .default({});

const toolResultSchema = z.object({
  tool_call_id: z.string().min(1, "expected the id of the call this answers"),
  content: storableText(),
});

/** A new message: the user's `content`, or `tool_results` answering the calls of the last answer. */
export const newMessageSchema = z
  .object({
    model: z.string().min(1, "expected a model name").optional(),
    content: storableText().min(1, "expected the message text").optional(),
    tool_results: z.array(toolResultSchema).min(1, "expected at least one result").optional(),
    tools: z.array(toolSchema).max(128).optional(),
    tool_choice: toolChoiceSchema.optional(),
    stream: z.boolean().optional(),
    think: thinkSchema.nullish(),
    reasoning_effort: reasoningEffortSchema.nullish(),
    hide_reasoning: z.boolean().optional(),
  })
  .superRefine((message, context) => {
    if ((message.content === undefined) === (message.tool_results === undefined)) {
      context.addIssue({ code: "custom", path: ["content"], message: "give either content or tool_results, not both or neither" });
    }
  });

/** Query of `GET /v1/conversations`: a page of `limit` (1 to 100, default 20), after the cursor `after`. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).optional(),
});
