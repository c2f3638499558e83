/**
 * The schema, created idempotently at start-up. Messages are ordered by a
 * sequence rather than by time, so two messages written in the same
 * millisecond keep their order.
 */
export const schemaStatements: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS llm_conversations (
    id uuid PRIMARY KEY,
    owner text NOT NULL,
    title text,
    system_prompt text,
    model text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS llm_conversations_owner_updated ON llm_conversations (owner, updated_at DESC)`,
  `CREATE TABLE IF NOT EXISTS llm_messages (
    seq bigserial PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES llm_conversations (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content text NOT NULL,
    reasoning text,
    model text,
    prompt_tokens integer,
    completion_tokens integer,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS llm_messages_conversation ON llm_messages (conversation_id, seq)`,
];
