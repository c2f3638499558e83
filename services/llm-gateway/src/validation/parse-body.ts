import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "../http/api-error.ts";
import { fieldPath } from "./field-path.ts";

/**
 * Reads a JSON body and validates it; a failure is a 400 that names the first
 * offending field. An empty body validates as `undefined`, so a schema can default it.
 */
export async function parseBody<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.output<Schema>> {
  let json: unknown;
  try {
    const text = await c.req.text();
    json = text.trim() === "" ? undefined : JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  return validate(json, schema);
}

/** Validates a request's input (body or query); a failure is a 400 that names the first offending field. */
export function validate<Schema extends z.ZodType>(input: unknown, schema: Schema): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = fieldPath(issue?.path ?? []);
  const where = path || "body";
  throw new ApiError(400, `invalid request: ${where}: ${issue?.message ?? "invalid value"}`, path ? { param: path } : {});
}
