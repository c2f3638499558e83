import type { AssistantToolCall } from "../generation/generation-request.ts";

/** A message as stored; `reasoning` is kept for display but never sent back to the model. */
export interface StoredMessage {
  readonly role: "system" | "user" | "assistant" | "tool";
  readonly content: string;
  readonly reasoning: string | null;
  /** The functions an assistant message called. */
  readonly toolCalls: readonly AssistantToolCall[] | null;
  /** The call a `tool` message answers. */
  readonly toolCallId: string | null;
  readonly model: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly createdAt: Date;
}

export type NewMessage = Pick<StoredMessage, "role" | "content"> & Partial<Omit<StoredMessage, "role" | "content" | "createdAt">>;

export interface Conversation {
  readonly id: string;
  /** Who it belongs to, with how they signed in: `key:<name>` or `oidc:<sub>`. */
  readonly owner: string;
  readonly title: string | null;
  readonly system: string | null;
  readonly model: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A conversation as a list shows it: without its system prompt, which may be large. */
export type ConversationSummary = Omit<Conversation, "system">;

/** Where a page of a user's list ends; the next page starts after it. */
export interface ListPosition {
  /** `updated_at` as PostgreSQL writes it, microseconds included, so no two positions blur. */
  readonly updatedAt: string;
  readonly id: string;
}

export interface ConversationPage {
  readonly conversations: readonly ConversationSummary[];
  /** Set when more conversations follow. */
  readonly next: ListPosition | undefined;
}

/** What one user may keep. */
export interface OwnerLimits {
  readonly maxConversations: number;
  readonly maxStoredBytes: number;
}

export interface OwnerUsage {
  readonly conversations: number;
  /** Bytes of titles, system prompts, messages, reasoning and tool calls, as UTF-8. */
  readonly storedBytes: number;
}

/** A user is at one of their limits; `limit` says which. */
export class OwnerLimitError extends Error {
  constructor(
    readonly limit: "conversations" | "bytes",
    readonly usage: OwnerUsage,
    readonly limits: OwnerLimits,
  ) {
    super(`owner limit reached: ${limit}`);
    this.name = "OwnerLimitError";
  }
}

export interface ConversationWithMessages extends Conversation {
  readonly messages: readonly StoredMessage[];
}

export interface NewConversation {
  readonly owner: string;
  readonly title?: string | undefined;
  readonly system?: string | undefined;
  readonly model?: string | undefined;
}

/** One request's usage, counted against its user on a UTC day. */
export interface UsageEntry {
  readonly owner: string;
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly model: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /**
   * The part of `completionTokens` the upstream reported as reasoning; 0 when it reported
   * none apart, as Ollama never does (its count of thinking is inside `completionTokens`).
   */
  readonly reasoningTokens: number;
}

/** A user's totals for one day and model. */
export interface UsageRow {
  readonly day: string;
  readonly model: string;
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly reasoningTokens: number;
}

/** A row of everybody's usage, as an admin reads it. */
export interface OwnedUsageRow extends UsageRow {
  readonly owner: string;
}

/** What users used, per day and model. */
export interface UsageStore {
  recordUsage(entry: UsageEntry): Promise<void>;
  /** The owner's rows from `fromDay` on, newest day first. */
  usageSince(owner: string, fromDay: string): Promise<UsageRow[]>;
  /** Every owner's rows from `fromDay` on, newest day first, then by owner and model. */
  allUsageSince(fromDay: string): Promise<OwnedUsageRow[]>;
}

/**
 * Conversations and their messages. Every read and write names the owner, so
 * one user's id cannot reach another user's conversation: a conversation that
 * is not the owner's is reported as absent, the same as one that never existed.
 */
export interface ConversationStore extends UsageStore {
  readonly kind: "postgres" | "pglite";
  /** Creates a conversation, or throws OwnerLimitError when the owner is at a limit. */
  create(conversation: NewConversation, limits: OwnerLimits): Promise<Conversation>;
  /** The owner's conversations, most recently used first, `limit` at a time, starting after `after`. */
  list(owner: string, page: { readonly limit: number; readonly after?: ListPosition | undefined }): Promise<ConversationPage>;
  /** A conversation without its messages. */
  find(owner: string, id: string): Promise<Conversation | undefined>;
  get(owner: string, id: string): Promise<ConversationWithMessages | undefined>;
  /**
   * The newest messages, oldest first, as many as fit in `maxChars`
   * characters of content: what can go to a model, without reading a long
   * history into memory. Empty when the conversation is not the owner's.
   */
  recent(owner: string, id: string, maxChars: number): Promise<StoredMessage[]>;
  usage(owner: string): Promise<OwnerUsage>;
  /** Appends messages in order; false when the conversation is not the owner's. */
  append(owner: string, id: string, messages: readonly NewMessage[]): Promise<boolean>;
  delete(owner: string, id: string): Promise<boolean>;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
