import { Hono } from "hono";
import { z } from "zod";
import type { Principal } from "../auth/principal.ts";
import { ApiError } from "../http/api-error.ts";
import type { GatewayEnv } from "../http/gateway-env.ts";
import type { ConversationStore, UsageRow } from "../store/conversation-store.ts";
import { storableText } from "../validation/no-nul.ts";
import { validate } from "../validation/parse-body.ts";
import type { UsageLedger } from "./usage-ledger.ts";
import { nextUtcMonth, secondsToNextUtcDay, utcDay } from "./utc-day.ts";
import type { QuotaSubject } from "./usage-ledger.ts";

export interface UsageRouteDeps {
  readonly store: ConversationStore;
  readonly usage: UsageLedger;
  /** USAGE_ADMIN_GROUPS: a caller in one of these may read anybody's usage. */
  readonly usageAdminGroups: ReadonlySet<string>;
}

const usageQuerySchema = z
  .object({
    days: z.coerce.number().int().min(1).max(366).default(30),
    user: storableText().min(1).max(300).optional(),
    all: z.enum(["true", "false"], { message: 'expected "true" or "false"' }).optional(),
  })
  .refine((query) => !(query.all === "true" && query.user !== undefined), {
    message: "ask for one user or for all users, not both",
    path: ["all"],
  });

const DAY_MS = 86_400_000;

/**
 * `GET /v1/usage`: the caller's own usage per day and model, and their quota; for an admin,
 * also another user's (`?user=`) or everybody's (`?all=true`).
 */
export function usageRoutes(deps: UsageRouteDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();

  routes.get("/", async (c) => {
    const query = validate(c.req.query(), usageQuerySchema);
    const principal = c.get("principal");
    const subject = query.user ?? principal.user;
    if ((query.all === "true" || subject !== principal.user) && !isUsageAdmin(principal, deps.usageAdminGroups)) {
      throw query.all === "true" ? notAdmin("everybody's usage", "all", deps.usageAdminGroups) : notAdmin(`the usage of ${subject}`, "user", deps.usageAdminGroups);
    }
    const now = new Date();
    const fromDay = utcDay(new Date(now.getTime() - (query.days - 1) * DAY_MS));
    await deps.usage.written();
    if (query.all === "true") {
      const rows = await deps.store.allUsageSince(fromDay);
      return c.json({ object: "usage", user: null, data: rows.map((row) => ({ user: row.owner, ...wireRow(row) })) });
    }
    const rows = (await deps.store.usageSince(subject, fromDay)).map(wireRow);
    // Another user's quota depends on groups only their own sign-in shows, so it is left out rather than guessed.
    if (subject !== principal.user) return c.json({ object: "usage", user: subject, data: rows });
    return c.json({ object: "usage", user: subject, quota: await quotaOf(deps.usage, principal, now), data: rows });
  });

  return routes;
}

/**
 * Admins are those whose own sign-in puts them in an admin group: an OIDC token's groups, or
 * an API key's from API_KEY_GROUPS. A person behind a forwarding key only borrows the key's.
 */
export function isUsageAdmin(principal: Principal, adminGroups: ReadonlySet<string>): boolean {
  return principal.forwardedBy === undefined && principal.groups.some((group) => adminGroups.has(group));
}

function notAdmin(what: string, param: "user" | "all", adminGroups: ReadonlySet<string>): ApiError {
  const groups = [...adminGroups].join(", ") || "none configured";
  return new ApiError(403, `only members of a usage admin group (USAGE_ADMIN_GROUPS: ${groups}) may read ${what}; leave out user and all to read your own`, {
    code: "forbidden",
    param,
  });
}

/** Reasoning tokens are a part of the completion tokens, so the total counts them once. */
function wireRow(row: UsageRow) {
  return {
    date: row.day,
    model: row.model,
    requests: row.requests,
    prompt_tokens: row.promptTokens,
    completion_tokens: row.completionTokens,
    reasoning_tokens: row.reasoningTokens,
    total_tokens: row.promptTokens + row.completionTokens,
  };
}

/** The caller's quotas with what they used and when each renews; null when none holds for them. */
async function quotaOf(usage: UsageLedger, subject: QuotaSubject, now: Date) {
  const { daily, monthly } = usage.quotasFor(subject);
  if (!daily && !monthly) return null;
  const used = await usage.used(subject.user);
  return {
    daily_tokens: daily?.tokens ?? null,
    used_today: used.today,
    renews_in_seconds: secondsToNextUtcDay(now),
    monthly_tokens: monthly?.tokens ?? null,
    used_this_month: used.thisMonth,
    month_renews_in_seconds: Math.ceil((nextUtcMonth(now).getTime() - now.getTime()) / 1000),
  };
}
