import { z } from "zod";

const text = z.string().min(1, "expected non-empty text");

/** OpenAI's embeddings request, for text input; token-id input has no Ollama equivalent. */
export const embeddingRequestSchema = z.object({
  model: z.string().min(1, "expected a model name"),
  input: z.union([text, z.array(text).min(1, "expected at least one text").max(2048)], {
    error: "expected a string or an array of strings (token ids are not supported)",
  }),
  dimensions: z.int().positive().nullish(),
  encoding_format: z.enum(["float", "base64"]).nullish(),
  user: z.string().nullish(),
});

export type EmbeddingRequest = z.infer<typeof embeddingRequestSchema>;
