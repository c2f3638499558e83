const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads a keep-alive the way Ollama does: a number is seconds, a string is a
 * Go duration ("5m", "1h30m") or a bare number of seconds. Negative means forever.
 */
export function keepAliveMs(value: string | number): number {
  if (typeof value === "number") return value < 0 ? Infinity : value * 1000;
  const trimmed = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return keepAliveMs(Number(trimmed));
  const sign = trimmed.startsWith("-") ? -1 : 1;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * (unitMs[unit as string] ?? 0);
  }
  return sign < 0 ? Infinity : total;
}
