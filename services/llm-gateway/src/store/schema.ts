import type { SqlClient } from "./sql-client.ts";

/**
 * The schema as the first release created it. Messages are ordered by a
 * sequence rather than by time, so two messages written in the same
 * millisecond keep their order. Later changes are migrations, below.
 */
export const baseSchemaStatements: readonly string[] = [
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

interface Migration {
  readonly id: string;
  readonly statements: readonly string[];
}

/** Applied once each, in this order, and recorded in llm_schema_migrations. Never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  {
    // Owners carry how they signed in, so an OIDC subject "alice" is not the API-key user alice.
    // Rows from before could only be told apart by guessing; the gateway's keys wrote them, so they become key owners.
    id: "0001-owner-method-prefix",
    statements: [`UPDATE llm_conversations SET owner = 'key:' || owner`],
  },
  {
    // What each conversation holds, in bytes, so a user's total is a sum over their conversations rather than their messages.
    id: "0002-stored-bytes",
    statements: [
      `ALTER TABLE llm_conversations ADD COLUMN stored_bytes bigint NOT NULL DEFAULT 0`,
      `UPDATE llm_conversations c SET stored_bytes =
         coalesce(octet_length(c.title), 0) + coalesce(octet_length(c.system_prompt), 0) +
         coalesce((SELECT sum(octet_length(m.content) + coalesce(octet_length(m.reasoning), 0))
                   FROM llm_messages m WHERE m.conversation_id = c.id), 0)`,
    ],
  },
  {
    // Keyset paging of a user's list: newest first, ties broken by id.
    id: "0003-conversation-paging-index",
    statements: [
      `DROP INDEX IF EXISTS llm_conversations_owner_updated`,
      `CREATE INDEX llm_conversations_owner_page ON llm_conversations (owner, updated_at DESC, id DESC)`,
    ],
  },
  {
    // Tool calls and their results are part of a conversation's history.
    id: "0004-tool-messages",
    statements: [
      `ALTER TABLE llm_messages DROP CONSTRAINT llm_messages_role_check`,
      `ALTER TABLE llm_messages ADD CONSTRAINT llm_messages_role_check CHECK (role IN ('system', 'user', 'assistant', 'tool'))`,
      `ALTER TABLE llm_messages ADD COLUMN tool_calls text`,
      `ALTER TABLE llm_messages ADD COLUMN tool_call_id text`,
    ],
  },
  {
    // What each user used, per UTC day and model: for GET /v1/usage and daily token quotas.
    id: "0005-usage",
    statements: [
      `CREATE TABLE llm_usage (
        owner text NOT NULL,
        day date NOT NULL,
        model text NOT NULL,
        requests bigint NOT NULL DEFAULT 0,
        prompt_tokens bigint NOT NULL DEFAULT 0,
        completion_tokens bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (owner, day, model)
      )`,
    ],
  },
  {
    // Reasoning tokens an upstream reports apart (OpenAI's completion_tokens_details): a part of completion_tokens, not added to it.
    id: "0006-usage-reasoning-tokens",
    statements: [`ALTER TABLE llm_usage ADD COLUMN reasoning_tokens bigint NOT NULL DEFAULT 0`],
  },
];

/** Any fixed number: gateways starting at once take turns migrating instead of racing. */
const MIGRATION_LOCK = 7_216_540;

/** Creates the schema and applies the migrations it lacks, in one transaction. */
export async function migrate(sql: SqlClient): Promise<string[]> {
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    for (const statement of baseSchemaStatements) await tx.query(statement);
    await tx.query(`CREATE TABLE IF NOT EXISTS llm_schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await tx.query<{ id: string }>(`SELECT id FROM llm_schema_migrations`);
    const applied = new Set(rows.map(({ id }) => id));
    const pending = migrations.filter(({ id }) => !applied.has(id));
    for (const migration of pending) {
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(`INSERT INTO llm_schema_migrations (id) VALUES ($1)`, [migration.id]);
    }
    return pending.map(({ id }) => id);
  });
}
