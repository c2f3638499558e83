/** `YYYY-MM-DD` of a moment in UTC: usage and quotas count by UTC day, the same for every user. */
export function utcDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** Seconds from `moment` to the next 00:00 UTC, when a daily quota renews. */
export function secondsToNextUtcDay(moment: Date): number {
  const next = Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate() + 1);
  return Math.ceil((next - moment.getTime()) / 1000);
}

/** `YYYY-MM-01` of a moment's UTC month: monthly quotas count from there. */
export function utcMonthStart(moment: Date): string {
  return `${moment.toISOString().slice(0, 7)}-01`;
}

/** The next UTC month's first moment, when a monthly quota renews. */
export function nextUtcMonth(moment: Date): Date {
  return new Date(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth() + 1, 1));
}
