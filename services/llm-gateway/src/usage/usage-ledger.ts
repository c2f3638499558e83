import { ApiError } from "../http/api-error.ts";
import type { Logger } from "../logging/logger.ts";
import type { UsageStore } from "../store/conversation-store.ts";
import { secondsToNextUtcDay, utcDay } from "./utc-day.ts";

/**
 * Records what each user used and holds them to a daily token quota. Today's
 * total per user is read from the store once a day and then kept in memory,
 * so checking the quota costs no query per request.
 */
export class UsageLedger {
  readonly #today = new Map<string, { day: string; tokens: number }>();
  #writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: UsageStore,
    private readonly logger: Logger,
    /** DAILY_TOKEN_QUOTA: prompt and completion tokens one user may use per UTC day; undefined: no quota. */
    readonly dailyTokenQuota: number | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts a finished request; a store failure is logged, never passed to the client who already has the answer. */
  record(user: string, model: string, promptTokens: number, completionTokens: number): void {
    const day = utcDay(this.now());
    const known = this.#today.get(user);
    if (known?.day === day) known.tokens += promptTokens + completionTokens;
    const write = this.store.recordUsage({ owner: user, day, model, promptTokens, completionTokens }).catch((error: unknown) => {
      this.logger.error("usage not recorded", { user, model, promptTokens, completionTokens, error: String(error) });
    });
    this.#writes = this.#writes.then(() => write);
  }

  /** Resolves once every usage recorded so far is in the store, so a read sees it. */
  async written(): Promise<void> {
    await this.#writes;
  }

  /** Tokens the user has used today (UTC). */
  async usedToday(user: string): Promise<number> {
    const day = utcDay(this.now());
    const known = this.#today.get(user);
    if (known?.day === day) return known.tokens;
    // Writes still on their way would be missed by the read, and never counted in memory.
    await this.written();
    const rows = await this.store.usageSince(user, day);
    const tokens = rows.reduce((sum, row) => sum + row.promptTokens + row.completionTokens, 0);
    this.#today.set(user, { day, tokens });
    return tokens;
  }

  /** Refuses a request from a user whose quota for today is spent: a 429 that says when it renews. */
  async checkQuota(user: string): Promise<void> {
    if (this.dailyTokenQuota === undefined) return;
    const used = await this.usedToday(user);
    if (used < this.dailyTokenQuota) return;
    const seconds = secondsToNextUtcDay(this.now());
    const renews = `${Math.floor(seconds / 3600)} h ${Math.ceil((seconds % 3600) / 60)} min`;
    throw new ApiError(
      429,
      `you have used ${used} tokens today, your daily quota of ${this.dailyTokenQuota} (DAILY_TOKEN_QUOTA); it renews at 00:00 UTC, in ${renews}`,
      { code: "quota_exceeded", retryAfterSeconds: seconds },
    );
  }
}
