import { z } from "zod";
import { fieldPath } from "../validation/field-path.ts";

/** Tokens one user may use per UTC day and per UTC calendar month; 0 is no quota. */
export interface TokenLimits {
  readonly daily?: number;
  readonly monthly?: number;
}

/** A quota for one user (`key:ci`, `oidc:<sub>`) or for each member of a group. */
export type QuotaRule = TokenLimits & ({ readonly user: string; readonly group?: never } | { readonly group: string; readonly user?: never });

/** Everybody's quotas and the rules that override them. */
export interface QuotaConfig {
  /** DAILY_TOKEN_QUOTA; 0 is none. */
  readonly daily: number;
  /** MONTHLY_TOKEN_QUOTA; 0 is none. */
  readonly monthly: number;
  /** TOKEN_QUOTAS, in their order: a rule is named by its index in messages. */
  readonly rules: readonly QuotaRule[];
}

const VARIABLE = "TOKEN_QUOTAS";
const tokens = z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional();

const ruleSchema = z.strictObject({
  user: z.string().regex(/^(key|oidc):.+$/, "expected a user as the gateway names it, e.g. key:alice or oidc:<sub>").optional(),
  group: z.string().min(1).max(256).optional(),
  daily: tokens,
  monthly: tokens,
});

/**
 * Parses `TOKEN_QUOTAS`: a JSON array of `{ "user" | "group", "daily"?, "monthly"? }`. Each
 * rule sets at least one period, and names a user or group no other rule names.
 */
export function parseTokenQuotas(raw: string | undefined): QuotaRule[] {
  if (!raw?.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${VARIABLE}: not valid JSON (${(error as Error).message}); expected e.g. [{"group":"students","daily":20000},{"user":"key:ci","monthly":0}]`);
  }
  const parsed = z.array(ruleSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${VARIABLE}${fieldPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  parsed.data.forEach((rule, index) => {
    if ((rule.user === undefined) === (rule.group === undefined)) throw new Error(`${VARIABLE}[${index}]: expected either "user" or "group"`);
  });
  const rules = parsed.data as QuotaRule[];
  rules.forEach((rule, index) => {
    if (rule.daily === undefined && rule.monthly === undefined) throw new Error(`${VARIABLE}[${index}]: sets neither "daily" nor "monthly"`);
    const first = rules.findIndex((other) => other.user === rule.user && other.group === rule.group);
    if (first < index) throw new Error(`${VARIABLE}[${index}]: ${describeRule(rule)} already has a rule, ${VARIABLE}[${first}]`);
  });
  return rules;
}

/** `user key:ci` or `group students`. */
export function describeRule(rule: QuotaRule): string {
  return rule.user !== undefined ? `user ${rule.user}` : `group ${rule.group}`;
}
