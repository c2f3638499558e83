import { Hono } from "hono";
import { z } from "zod";
import type { GatewayEnv } from "../http/gateway-env.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { validate } from "../validation/parse-body.ts";
import type { UsageLedger } from "./usage-ledger.ts";
import { secondsToNextUtcDay, utcDay } from "./utc-day.ts";

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
    const user = c.get("principal").user;
    const now = new Date();
    await deps.usage.written();
    const rows = await deps.store.usageSince(user, utcDay(new Date(now.getTime() - (days - 1) * DAY_MS)));
    const quota = deps.usage.dailyTokenQuota;
    return c.json({
      object: "usage",
      user,
      quota:
        quota === undefined
          ? null
          : { daily_tokens: quota, used_today: await deps.usage.usedToday(user), renews_in_seconds: secondsToNextUtcDay(now) },
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
