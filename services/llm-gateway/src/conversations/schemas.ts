import { z } from "zod";
import { reasoningEffortSchema, thinkSchema } from "../generation/thinking.ts";
import { storableText } from "../validation/no-nul.ts";

export const newConversationSchema = z
  .object({
    title: storableText().max(200).optional(),
    system: storableText().max(100_000).optional(),
    model: z.string().min(1).optional(),
  })
  .default({});

export const newMessageSchema = z.object({
  model: z.string().min(1, "expected a model name").optional(),
  content: storableText().min(1, "expected the message text"),
  stream: z.boolean().optional(),
  think: thinkSchema.nullish(),
  reasoning_effort: reasoningEffortSchema.nullish(),
  hide_reasoning: z.boolean().optional(),
});

/** Query of `GET /v1/conversations`: a page of `limit` (1 to 100, default 20), after the cursor `after`. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).optional(),
});
