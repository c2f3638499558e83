import { ApiError } from "../http/api-error.ts";
import type { Logger } from "../logging/logger.ts";
import type { UsageRow, UsageStore } from "../store/conversation-store.ts";
import { UsageRefusedError } from "../store/usage-batch.ts";
import type { AppliedQuota, QuotaPolicy, UserQuotas } from "./quota-policy.ts";
import { nextUtcMonth, secondsToNextUtcDay, utcDay, utcMonthStart } from "./utc-day.ts";

/** Whoever a quota is checked for: the user and the groups their quotas may come from. */
export interface QuotaSubject {
  readonly user: string;
  readonly groups: readonly string[];
}

/** What one request used; reasoning is a part of the completion, counted only when the upstream reported it apart. */
export interface RequestTokens {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly reasoningTokens?: number | undefined;
}

/** Tokens a user has used in the current UTC day and month. */
export interface UsedTokens {
  readonly today: number;
  readonly thisMonth: number;
}

interface Totals {
  day: string;
  month: string;
  today: number;
  thisMonth: number;
}

/**
 * Records what each user used and holds them to their daily and monthly token quotas. A
 * user's totals for this day and month are read from the store once a day and then kept
 * in memory, so checking a quota costs no query per request; users without a quota cost
 * none at all.
 */
export class UsageLedger {
  readonly #totals = new Map<string, Totals>();
  /** Per user whose totals are being read: the readers, and the requests recorded meanwhile. */
  readonly #reads = new Map<string, { readers: number; recorded: number }>();
  /** Users with usage the store keeps for a later write: a read now would miss it. */
  readonly #unwritten = new Set<string>();
  #writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: UsageStore,
    private readonly logger: Logger,
    private readonly policy: QuotaPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Counts a finished request. A store failure is logged, never passed to the client who
   * already has the answer; the store keeps the usage and writes it with a later write.
   */
  record(user: string, model: string, tokens: RequestTokens): void {
    const { promptTokens, completionTokens } = tokens;
    const reasoningTokens = tokens.reasoningTokens ?? 0;
    const moment = this.now();
    const day = utcDay(moment);
    const known = this.#totals.get(user);
    const reading = this.#reads.get(user);
    if (reading) reading.recorded += 1;
    // Reasoning is inside the completion count already; quotas count prompt and completion.
    if (known?.day === day) known.today += promptTokens + completionTokens;
    if (known?.month === utcMonthStart(moment)) known.thisMonth += promptTokens + completionTokens;
    const entry = { owner: user, day, model, promptTokens, completionTokens, reasoningTokens };
    // A later write carries what a failed one kept, so its success means the user's usage is all in.
    const write = this.store.recordUsage(entry).then(
      () => void this.#unwritten.delete(user),
      (error: unknown) => {
        const fields = { user, model, promptTokens, completionTokens, reasoningTokens, error: String(error) };
        if (error instanceof UsageRefusedError) {
          this.logger.error("usage dropped", fields);
          return;
        }
        this.#unwritten.add(user);
        this.logger.error("usage write failed, kept for the next one", fields);
      },
    );
    this.#writes = this.#writes.then(() => write);
  }

  /** Resolves once every usage recorded so far is in the store, so a read sees it. */
  async written(): Promise<void> {
    await this.#writes;
  }

  /** The quotas that hold for this user. */
  quotasFor(subject: QuotaSubject): UserQuotas {
    return this.policy.for(subject.user, subject.groups);
  }

  /** Tokens the user has used this UTC day and month. */
  async used(user: string): Promise<UsedTokens> {
    const moment = this.now();
    const day = utcDay(moment);
    const month = utcMonthStart(moment);
    const known = this.#totals.get(user);
    if (known?.day === day && known.month === month) return known;
    // Writes still on their way would be missed by the read, and never counted in memory.
    const reading = this.#reads.get(user) ?? { readers: 0, recorded: 0 };
    this.#reads.set(user, reading);
    reading.readers += 1;
    const recordedBefore = reading.recorded;
    let rows: UsageRow[];
    try {
      await this.written();
      rows = await this.store.usageSince(user, month);
    } finally {
      if (--reading.readers === 0) this.#reads.delete(user);
    }
    const sum = (from: readonly UsageRow[]) => from.reduce((total, row) => total + row.promptTokens + row.completionTokens, 0);
    const totals = { day, month, today: sum(rows.filter((row) => row.day === day)), thisMonth: sum(rows) };
    // A request recorded during the read may or may not be in its rows, and was not added in
    // memory; usage waiting for a retry is not in them at all. Kept, the totals would miss it
    // all day: the next check reads again instead.
    if (reading.recorded === recordedBefore && !this.#unwritten.has(user)) this.#totals.set(user, totals);
    return totals;
  }

  /**
   * Refuses a request from a user whose quota is spent: a 429 that says which quota, how much
   * was used and when it renews. A spent monthly quota is named first: it is the one to wait for.
   */
  async checkQuota(subject: QuotaSubject): Promise<void> {
    const quotas = this.quotasFor(subject);
    if (!quotas.daily && !quotas.monthly) return;
    const used = await this.used(subject.user);
    const moment = this.now();
    if (quotas.monthly && used.thisMonth >= quotas.monthly.tokens) {
      const renewal = nextUtcMonth(moment);
      const seconds = Math.ceil((renewal.getTime() - moment.getTime()) / 1000);
      throw spent(`you have used ${used.thisMonth} tokens this month`, "monthly", quotas.monthly, `on ${utcDay(renewal)} at 00:00 UTC, in ${duration(seconds)}`, seconds);
    }
    if (quotas.daily && used.today >= quotas.daily.tokens) {
      const seconds = secondsToNextUtcDay(moment);
      throw spent(`you have used ${used.today} tokens today`, "daily", quotas.daily, `at 00:00 UTC, in ${duration(seconds)}`, seconds);
    }
  }
}

function spent(used: string, period: string, quota: AppliedQuota, renews: string, seconds: number): ApiError {
  return new ApiError(429, `${used}, your ${period} quota of ${quota.tokens} (${quota.source}); it renews ${renews}`, {
    code: "quota_exceeded",
    retryAfterSeconds: seconds,
  });
}

/** `3 d 4 h 5 min`, days only when there are some. */
function duration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const rest = `${Math.floor((seconds % 86_400) / 3600)} h ${Math.ceil((seconds % 3600) / 60)} min`;
  return days > 0 ? `${days} d ${rest}` : rest;
}
