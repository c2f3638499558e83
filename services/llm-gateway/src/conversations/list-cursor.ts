import { ApiError } from "../http/api-error.ts";
import type { ListPosition } from "../store/conversation-store.ts";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PostgreSQL's text form of a timestamptz: `2026-12-02 03:35:52.123456+00`. */
const timestampPattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/** The `after` value a client sends back for the next page: opaque to it, a list position to the gateway. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.updatedAt, position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const [updatedAt, id] = Array.isArray(parsed) ? parsed : [];
  if (typeof updatedAt !== "string" || typeof id !== "string" || !timestampPattern.test(updatedAt) || !uuidPattern.test(id)) {
    throw new ApiError(400, "invalid request: after: not a cursor this gateway gave out; pass the next_cursor of the previous page", {
      param: "after",
    });
  }
  return { updatedAt, id };
}
