import { ApiError } from "../http/api-error.ts";
import { OwnerLimitError, type OwnerLimits, type OwnerUsage } from "../store/conversation-store.ts";

/** A user at a storage limit: a 403 that says which limit, and that deleting conversations frees room. */
export function ownerLimitReached(error: OwnerLimitError): ApiError {
  const { usage, limits } = error;
  if (error.limit === "conversations") {
    return new ApiError(
      403,
      `you have ${usage.conversations} conversations, the most this gateway keeps per user (MAX_CONVERSATIONS_PER_USER); delete some to start new ones`,
      { code: "conversation_limit_reached" },
    );
  }
  return new ApiError(
    403,
    `your conversations hold ${usage.storedBytes} bytes; this would pass the ${limits.maxStoredBytes} bytes this gateway keeps per user (MAX_STORED_BYTES_PER_USER); delete some conversations to make room`,
    { code: "storage_limit_reached" },
  );
}

/** Refuses a message that would take the owner past their byte limit, before any model is asked. */
export function checkRoomFor(bytes: number, usage: OwnerUsage, limits: OwnerLimits): void {
  if (usage.storedBytes + bytes > limits.maxStoredBytes) throw ownerLimitReached(new OwnerLimitError("bytes", usage, limits));
}
