import { z } from "zod";

/**
 * Text the store keeps: PostgreSQL's text type cannot hold U+0000, so a NUL
 * is refused with the other validation errors, before the model is asked.
 */
export function storableText(): z.ZodString {
  return z.string().refine((text) => !text.includes("\u0000"), "must not contain NUL (\\u0000) characters");
}
