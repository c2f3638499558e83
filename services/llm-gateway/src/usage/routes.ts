import { Hono } from "hono";
import { z } from "zod";
import type { GatewayEnv } from "../http/gateway-env.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { validate } from "../validation/parse-body.ts";
import type { UsageLedger } from "./usage-ledger.ts";
import { nextUtcMonth, secondsToNextUtcDay, utcDay } from "./utc-day.ts";
import type { QuotaSubject } from "./usage-ledger.ts";

export interface UsageRouteDeps {
  readonly store: ConversationStore;
  readonly usage: UsageLedger;
}

const usageQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

const DAY_MS = 86_400_000;

/** `GET /v1/usage`: the caller's own usage per day and model, and their quota. */
export function usageRoutes(deps: UsageRouteDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();

  routes.get("/", async (c) => {
    const { days } = validate(c.req.query(), usageQuerySchema);
    const principal = c.get("principal");
    const { user } = principal;
    const now = new Date();
    await deps.usage.written();
    const rows = await deps.store.usageSince(user, utcDay(new Date(now.getTime() - (days - 1) * DAY_MS)));
    return c.json({
      object: "usage",
      user,
      quota: await quotaOf(deps.usage, principal, now),
      data: rows.map((row) => ({
        date: row.day,
        model: row.model,
        requests: row.requests,
        prompt_tokens: row.promptTokens,
        completion_tokens: row.completionTokens,
        total_tokens: row.promptTokens + row.completionTokens,
      })),
    });
  });

  return routes;
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
