import { randomUUID } from "node:crypto";
import type {
  Conversation,
  ConversationStore,
  ConversationWithMessages,
  NewConversation,
  NewMessage,
  StoredMessage,
} from "./conversation-store.ts";
import { schemaStatements } from "./schema.ts";
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

interface MessageRow {
  role: StoredMessage["role"];
  content: string;
  reasoning: string | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  created_at: Date | string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const conversationColumns = "id, owner, title, system_prompt, model, created_at, updated_at";

/** The conversation store on any SQL client that speaks PostgreSQL. */
export class SqlConversationStore implements ConversationStore {
  private constructor(
    readonly kind: ConversationStore["kind"],
    private readonly sql: SqlClient,
  ) {}

  static async open(kind: ConversationStore["kind"], sql: SqlClient): Promise<SqlConversationStore> {
    for (const statement of schemaStatements) await sql.query(statement);
    return new SqlConversationStore(kind, sql);
  }

  async create({ owner, title, system, model }: NewConversation): Promise<Conversation> {
    const { rows } = await this.sql.query<ConversationRow>(
      `INSERT INTO llm_conversations (id, owner, title, system_prompt, model) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${conversationColumns}`,
      [randomUUID(), owner, title ?? null, system ?? null, model ?? null],
    );
    return toConversation(rows[0] as ConversationRow);
  }

  async list(owner: string): Promise<Conversation[]> {
    const { rows } = await this.sql.query<ConversationRow>(
      `SELECT ${conversationColumns} FROM llm_conversations WHERE owner = $1 ORDER BY updated_at DESC, created_at DESC`,
      [owner],
    );
    return rows.map(toConversation);
  }

  async get(owner: string, id: string): Promise<ConversationWithMessages | undefined> {
    if (!uuidPattern.test(id)) return undefined;
    const { rows } = await this.sql.query<ConversationRow>(
      `SELECT ${conversationColumns} FROM llm_conversations WHERE id = $1 AND owner = $2`,
      [id, owner],
    );
    const row = rows[0];
    if (!row) return undefined;
    const messages = await this.sql.query<MessageRow>(
      `SELECT role, content, reasoning, model, prompt_tokens, completion_tokens, created_at
       FROM llm_messages WHERE conversation_id = $1 ORDER BY seq`,
      [id],
    );
    return { ...toConversation(row), messages: messages.rows.map(toMessage) };
  }

  async append(owner: string, id: string, messages: readonly NewMessage[]): Promise<boolean> {
    if (!uuidPattern.test(id)) return false;
    return this.sql.transaction(async (tx) => {
      const touched = await tx.query(
        `UPDATE llm_conversations SET updated_at = now() WHERE id = $1 AND owner = $2 RETURNING id`,
        [id, owner],
      );
      if (touched.rows.length === 0) return false;
      for (const message of messages) {
        await tx.query(
          `INSERT INTO llm_messages (conversation_id, role, content, reasoning, model, prompt_tokens, completion_tokens)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            id,
            message.role,
            message.content,
            message.reasoning ?? null,
            message.model ?? null,
            message.promptTokens ?? null,
            message.completionTokens ?? null,
          ],
        );
      }
      return true;
    });
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

  close(): Promise<void> {
    return this.sql.close();
  }
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

function toMessage(row: MessageRow): StoredMessage {
  return {
    role: row.role,
    content: row.content,
    reasoning: row.reasoning,
    model: row.model,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    createdAt: new Date(row.created_at),
  };
}
