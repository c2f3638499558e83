/** A message as stored; `reasoning` is kept for display but never sent back to the model. */
export interface StoredMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
  readonly reasoning: string | null;
  readonly model: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly createdAt: Date;
}

export type NewMessage = Pick<StoredMessage, "role" | "content"> & Partial<Omit<StoredMessage, "role" | "content" | "createdAt">>;

export interface Conversation {
  readonly id: string;
  readonly owner: string;
  readonly title: string | null;
  readonly system: string | null;
  readonly model: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
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

/**
 * Conversations and their messages. Every read and write names the owner, so
 * one user's id cannot reach another user's conversation: a conversation that
 * is not the owner's is reported as absent, the same as one that never existed.
 */
export interface ConversationStore {
  readonly kind: "postgres" | "pglite";
  create(conversation: NewConversation): Promise<Conversation>;
  list(owner: string): Promise<Conversation[]>;
  get(owner: string, id: string): Promise<ConversationWithMessages | undefined>;
  /** Appends messages in order; false when the conversation is not the owner's. */
  append(owner: string, id: string, messages: readonly NewMessage[]): Promise<boolean>;
  delete(owner: string, id: string): Promise<boolean>;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
