import { randomUUID } from "node:crypto";
import type { AssistantToolCall } from "../generation/generation-request.ts";
import {
  OwnerLimitError,
  type Conversation,
  type ConversationPage,
  type ConversationSummary,
  type ConversationStore,
  type ConversationWithMessages,
  type ListPosition,
  type NewConversation,
  type NewMessage,
  type OwnerLimits,
  type OwnedUsageRow,
  type OwnerUsage,
  type StoredMessage,
  type UsageEntry,
  type UsageRow,
} from "./conversation-store.ts";
import { UsageBatch } from "./usage-batch.ts";
import { addUsage, allUsageSince, usageSince } from "./usage-queries.ts";
import { migrate } from "./schema.ts";
import type { SqlClient } from "./sql-client.ts";

interface ConversationRow {
  id: string;
  owner: string;
  title: string | null;
  system_prompt: string | null;
  model: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

type SummaryRow = Omit<ConversationRow, "system_prompt"> & { position: string };

interface MessageRow {
  role: StoredMessage["role"];
  content: string;
  reasoning: string | null;
  tool_calls: string | null;
  tool_call_id: string | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  created_at: Date | string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const conversationColumns = "id, owner, title, system_prompt, model, created_at, updated_at";
const summaryColumns = "id, owner, title, model, created_at, updated_at, updated_at::text AS position";
const messageColumns = "role, content, reasoning, tool_calls, tool_call_id, model, prompt_tokens, completion_tokens, created_at";

/** The conversation store on any SQL client that speaks PostgreSQL. */
export class SqlConversationStore implements ConversationStore {
  /** One query carries the usage of every request that finished while the last one was written. */
  private readonly usageBatch: UsageBatch;

  private constructor(
    readonly kind: ConversationStore["kind"],
    private readonly sql: SqlClient,
  ) {
    this.usageBatch = new UsageBatch((totals) => addUsage(sql, totals));
  }

  static async open(kind: ConversationStore["kind"], sql: SqlClient): Promise<SqlConversationStore> {
    await migrate(sql);
    return new SqlConversationStore(kind, sql);
  }

  async create({ owner, title, system, model }: NewConversation, limits: OwnerLimits): Promise<Conversation> {
    const bytes = byteLength(title) + byteLength(system);
    return this.sql.transaction(async (tx) => {
      // One owner's creations take turns, so two at once cannot both pass the check.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [owner]);
      const usage = await usageOf(tx, owner);
      if (usage.conversations >= limits.maxConversations) throw new OwnerLimitError("conversations", usage, limits);
      if (usage.storedBytes + bytes > limits.maxStoredBytes) throw new OwnerLimitError("bytes", usage, limits);
      const { rows } = await tx.query<ConversationRow>(
        `INSERT INTO llm_conversations (id, owner, title, system_prompt, model, stored_bytes) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING ${conversationColumns}`,
        [randomUUID(), owner, title ?? null, system ?? null, model ?? null, bytes],
      );
      return toConversation(rows[0] as ConversationRow);
    });
  }

  async list(owner: string, { limit, after }: { limit: number; after?: ListPosition | undefined }): Promise<ConversationPage> {
    const { rows } = await this.sql.query<SummaryRow>(
      after
        ? `SELECT ${summaryColumns} FROM llm_conversations
           WHERE owner = $1 AND (updated_at, id) < ($3::timestamptz, $4::uuid)
           ORDER BY updated_at DESC, id DESC LIMIT $2`
        : `SELECT ${summaryColumns} FROM llm_conversations WHERE owner = $1 ORDER BY updated_at DESC, id DESC LIMIT $2`,
      after ? [owner, limit + 1, after.updatedAt, after.id] : [owner, limit + 1],
    );
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return {
      conversations: shown.map(toSummary),
      next: rows.length > limit && last ? { updatedAt: last.position, id: last.id } : undefined,
    };
  }

  async find(owner: string, id: string): Promise<Conversation | undefined> {
    if (!uuidPattern.test(id)) return undefined;
    const { rows } = await this.sql.query<ConversationRow>(`SELECT ${conversationColumns} FROM llm_conversations WHERE id = $1 AND owner = $2`, [
      id,
      owner,
    ]);
    return rows[0] && toConversation(rows[0]);
  }

  async get(owner: string, id: string): Promise<ConversationWithMessages | undefined> {
    const conversation = await this.find(owner, id);
    if (!conversation) return undefined;
    const messages = await this.sql.query<MessageRow>(`SELECT ${messageColumns} FROM llm_messages WHERE conversation_id = $1 ORDER BY seq`, [id]);
    return { ...conversation, messages: messages.rows.map(toMessage) };
  }

  async recent(owner: string, id: string, maxChars: number): Promise<StoredMessage[]> {
    if (!uuidPattern.test(id)) return [];
    // The running total counts each message with every newer one; older ones stay in the database.
    const { rows } = await this.sql.query<MessageRow>(
      `SELECT ${messageColumns} FROM (
         SELECT m.*, sum(char_length(m.content) + coalesce(char_length(m.tool_calls), 0)) OVER (ORDER BY m.seq DESC) AS newer_chars
         FROM llm_messages m JOIN llm_conversations c ON c.id = m.conversation_id
         WHERE m.conversation_id = $1 AND c.owner = $2
       ) newest WHERE newer_chars <= $3 ORDER BY seq`,
      [id, owner, maxChars],
    );
    return rows.map(toMessage);
  }

  usage(owner: string): Promise<OwnerUsage> {
    return usageOf(this.sql, owner);
  }

  async append(owner: string, id: string, messages: readonly NewMessage[]): Promise<boolean> {
    if (!uuidPattern.test(id)) return false;
    const stored = messages.map((message) => ({
      ...message,
      content: storable(message.content),
      reasoning: storable(message.reasoning ?? null),
      toolCalls: message.toolCalls?.length ? JSON.stringify(message.toolCalls) : null,
    }));
    const bytes = stored.reduce((sum, { content, reasoning, toolCalls }) => sum + byteLength(content) + byteLength(reasoning) + byteLength(toolCalls), 0);
    return this.sql.transaction(async (tx) => {
      const touched = await tx.query(
        `UPDATE llm_conversations SET updated_at = now(), stored_bytes = stored_bytes + $3 WHERE id = $1 AND owner = $2 RETURNING id`,
        [id, owner, bytes],
      );
      if (touched.rows.length === 0) return false;
      for (const message of stored) {
        await tx.query(
          `INSERT INTO llm_messages (conversation_id, role, content, reasoning, tool_calls, tool_call_id, model, prompt_tokens, completion_tokens)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            message.role,
            message.content,
            message.reasoning,
            message.toolCalls,
            message.toolCallId ?? null,
            message.model ?? null,
            message.promptTokens ?? null,
            message.completionTokens ?? null,
          ],
        );
      }
      return true;
    });
  }

  recordUsage(entry: UsageEntry): Promise<void> {
    return this.usageBatch.add(entry);
  }

  usageSince(owner: string, fromDay: string): Promise<UsageRow[]> {
    return usageSince(this.sql, owner, fromDay);
  }

  allUsageSince(fromDay: string): Promise<OwnedUsageRow[]> {
    return allUsageSince(this.sql, fromDay);
  }

  async delete(owner: string, id: string): Promise<boolean> {
    if (!uuidPattern.test(id)) return false;
    const { rows } = await this.sql.query(`DELETE FROM llm_conversations WHERE id = $1 AND owner = $2 RETURNING id`, [id, owner]);
    return rows.length > 0;
  }

  async ready(): Promise<boolean> {
    try {
      await this.sql.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    // Usage recorded before shutdown is still written: the batch empties before the connections close.
    try {
      await this.usageBatch.flush();
    } finally {
      await this.sql.close();
    }
  }
}

async function usageOf(sql: Pick<SqlClient, "query">, owner: string): Promise<OwnerUsage> {
  // float8 rather than bigint: both drivers return it as a number, exact far beyond any byte limit.
  const { rows } = await sql.query<{ conversations: number; stored_bytes: number }>(
    `SELECT count(*)::int AS conversations, coalesce(sum(stored_bytes), 0)::float8 AS stored_bytes FROM llm_conversations WHERE owner = $1`,
    [owner],
  );
  const row = rows[0];
  return { conversations: row?.conversations ?? 0, storedBytes: row?.stored_bytes ?? 0 };
}

function byteLength(text: string | null | undefined): number {
  return text ? Buffer.byteLength(text, "utf8") : 0;
}

/** PostgreSQL text cannot hold U+0000. Requests with one are refused; a model's answer with one keeps a visible stand-in. */
function storable<T extends string | null>(text: T): T {
  return (text === null ? text : text.replaceAll("\u0000", "\uFFFD")) as T;
}

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    owner: row.owner,
    title: row.title,
    system: row.system_prompt,
    model: row.model,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toSummary(row: SummaryRow): ConversationSummary {
  return {
    id: row.id,
    owner: row.owner,
    title: row.title,
    model: row.model,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    role: row.role,
    content: row.content,
    reasoning: row.reasoning,
    toolCalls: row.tool_calls === null ? null : (JSON.parse(row.tool_calls) as AssistantToolCall[]),
    toolCallId: row.tool_call_id,
    model: row.model,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    createdAt: new Date(row.created_at),
  };
}
