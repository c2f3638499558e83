import type { OwnedUsageRow, UsageRow } from "./conversation-store.ts";
import type { SqlClient } from "./sql-client.ts";
import type { UsageTotals } from "./usage-batch.ts";

/** Adds each owner's requests and tokens for a day and model to their row, in one statement. */
export async function addUsage(sql: Pick<SqlClient, "query">, totals: readonly UsageTotals[]): Promise<void> {
  await sql.query(
    `INSERT INTO llm_usage (owner, day, model, requests, prompt_tokens, completion_tokens, reasoning_tokens)
     SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
     ON CONFLICT (owner, day, model) DO UPDATE SET
       requests = llm_usage.requests + excluded.requests,
       prompt_tokens = llm_usage.prompt_tokens + excluded.prompt_tokens,
       completion_tokens = llm_usage.completion_tokens + excluded.completion_tokens,
       reasoning_tokens = llm_usage.reasoning_tokens + excluded.reasoning_tokens`,
    [
      totals.map((row) => row.owner),
      totals.map((row) => row.day),
      totals.map((row) => row.model),
      totals.map((row) => row.requests),
      totals.map((row) => row.promptTokens),
      totals.map((row) => row.completionTokens),
      totals.map((row) => row.reasoningTokens),
    ],
  );
}

interface UsageRecord {
  owner: string;
  day: string;
  model: string;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
}

// float8 rather than bigint: both drivers return it as a number, exact far beyond any token count.
const USAGE_COLUMNS = `owner, day::text AS day, model, requests::float8 AS requests, prompt_tokens::float8 AS prompt_tokens,
  completion_tokens::float8 AS completion_tokens, reasoning_tokens::float8 AS reasoning_tokens`;

function usageRow(row: UsageRecord): UsageRow {
  return {
    day: row.day,
    model: row.model,
    requests: row.requests,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    reasoningTokens: row.reasoning_tokens,
  };
}

export async function usageSince(sql: Pick<SqlClient, "query">, owner: string, fromDay: string): Promise<UsageRow[]> {
  const { rows } = await sql.query<UsageRecord>(
    `SELECT ${USAGE_COLUMNS} FROM llm_usage WHERE owner = $1 AND day >= $2::date ORDER BY day DESC, model`,
    [owner, fromDay],
  );
  return rows.map(usageRow);
}

export async function allUsageSince(sql: Pick<SqlClient, "query">, fromDay: string): Promise<OwnedUsageRow[]> {
  const { rows } = await sql.query<UsageRecord>(
    `SELECT ${USAGE_COLUMNS} FROM llm_usage WHERE day >= $1::date ORDER BY day DESC, owner, model`,
    [fromDay],
  );
  return rows.map((row) => ({ owner: row.owner, ...usageRow(row) }));
}
