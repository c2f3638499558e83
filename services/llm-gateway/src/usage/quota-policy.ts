import { describeRule, type QuotaConfig, type QuotaRule } from "../config/token-quotas.ts";

/** A quota that holds for a user, with the setting it comes from, for messages. */
export interface AppliedQuota {
  readonly tokens: number;
  /** `DAILY_TOKEN_QUOTA`, or `TOKEN_QUOTAS[1], group students`. */
  readonly source: string;
}

export interface UserQuotas {
  readonly daily?: AppliedQuota;
  readonly monthly?: AppliedQuota;
}

type Period = "daily" | "monthly";

const DEFAULT_SOURCE: Readonly<Record<Period, string>> = { daily: "DAILY_TOKEN_QUOTA", monthly: "MONTHLY_TOKEN_QUOTA" };

/**
 * Which quotas hold for a user, per period: their own rule, else the most generous rule of
 * their groups (a group may lift a quota with 0), else everybody's. 0 anywhere is no quota.
 */
export class QuotaPolicy {
  constructor(private readonly config: QuotaConfig) {}

  for(user: string, groups: readonly string[]): UserQuotas {
    const daily = this.#applied("daily", user, groups);
    const monthly = this.#applied("monthly", user, groups);
    return { ...(daily && { daily }), ...(monthly && { monthly }) };
  }

  #applied(period: Period, user: string, groups: readonly string[]): AppliedQuota | undefined {
    const setting = (rule: QuotaRule) => rule[period] !== undefined;
    const own = this.config.rules.findIndex((rule) => rule.user === user && setting(rule));
    const chosen = own >= 0 ? own : this.#mostGenerousGroupRule(period, groups);
    if (chosen === undefined) return this.config[period] > 0 ? { tokens: this.config[period], source: DEFAULT_SOURCE[period] } : undefined;
    const rule = this.config.rules[chosen]!;
    return rule[period]! > 0 ? { tokens: rule[period]!, source: `TOKEN_QUOTAS[${chosen}], ${describeRule(rule)}` } : undefined;
  }

  #mostGenerousGroupRule(period: Period, groups: readonly string[]): number | undefined {
    let best: number | undefined;
    const generosity = (tokens: number) => (tokens === 0 ? Infinity : tokens);
    this.config.rules.forEach((rule, index) => {
      if (rule.group === undefined || rule[period] === undefined || !groups.includes(rule.group)) return;
      if (best === undefined || generosity(rule[period]!) > generosity(this.config.rules[best]![period]!)) best = index;
    });
    return best;
  }
}
