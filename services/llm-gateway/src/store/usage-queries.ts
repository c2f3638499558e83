import type { UsageRow } from "./conversation-store.ts";
import type { SqlClient } from "./sql-client.ts";
import type { UsageTotals } from "./usage-batch.ts";

/** Adds each owner's requests and tokens for a day and model to their row, in one statement. */
export async function addUsage(sql: Pick<SqlClient, "query">, totals: readonly UsageTotals[]): Promise<void> {
  await sql.query(
    `INSERT INTO llm_usage (owner, day, model, requests, prompt_tokens, completion_tokens)
     SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[])
     ON CONFLICT (owner, day, model) DO UPDATE SET
       requests = llm_usage.requests + excluded.requests,
       prompt_tokens = llm_usage.prompt_tokens + excluded.prompt_tokens,
       completion_tokens = llm_usage.completion_tokens + excluded.completion_tokens`,
    [
      totals.map((row) => row.owner),
      totals.map((row) => row.day),
      totals.map((row) => row.model),
      totals.map((row) => row.requests),
      totals.map((row) => row.promptTokens),
      totals.map((row) => row.completionTokens),
    ],
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
