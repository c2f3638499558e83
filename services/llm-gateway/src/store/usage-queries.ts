import type { UsageEntry, UsageRow } from "./conversation-store.ts";
import type { SqlClient } from "./sql-client.ts";

/** Adds one request to its user's row for the day and model. */
export async function recordUsage(sql: Pick<SqlClient, "query">, entry: UsageEntry): Promise<void> {
  await sql.query(
    `INSERT INTO llm_usage (owner, day, model, requests, prompt_tokens, completion_tokens) VALUES ($1, $2::date, $3, 1, $4, $5)
     ON CONFLICT (owner, day, model) DO UPDATE SET
       requests = llm_usage.requests + 1,
       prompt_tokens = llm_usage.prompt_tokens + excluded.prompt_tokens,
       completion_tokens = llm_usage.completion_tokens + excluded.completion_tokens`,
    [entry.owner, entry.day, entry.model, entry.promptTokens, entry.completionTokens],
  );
}

export async function usageSince(sql: Pick<SqlClient, "query">, owner: string, fromDay: string): Promise<UsageRow[]> {
  // float8 rather than bigint: both drivers return it as a number, exact far beyond any token count.
  const { rows } = await sql.query<{ day: string; model: string; requests: number; prompt_tokens: number; completion_tokens: number }>(
    `SELECT day::text AS day, model, requests::float8 AS requests, prompt_tokens::float8 AS prompt_tokens, completion_tokens::float8 AS completion_tokens
     FROM llm_usage WHERE owner = $1 AND day >= $2::date ORDER BY day DESC, model`,
    [owner, fromDay],
  );
  return rows.map((row) => ({
    day: row.day,
    model: row.model,
    requests: row.requests,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
  }));
}
