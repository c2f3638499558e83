type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads typed values out of the environment, collecting every problem instead
 * of stopping at the first, so one start-up tells the operator all that is wrong.
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name]?.trim();
    return value ? value : fallback;
  }

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** Whether the variable is there at all, even empty: an empty list is then meant. */
  has(name: string): boolean {
    return this.env[name] !== undefined;
  }

  /** A comma-separated list, empty entries dropped. */
  list(name: string): string[] {
    return (this.optional(name) ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  }

  /** `range.maxName` names the setting the upper bound comes from, when it is one. */
  integer(name: string, fallback: number, range: { min: number; max: number; maxName?: string }): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      const max = range.maxName ? `${range.maxName} (${range.max})` : String(range.max);
      this.problems.push(`${name}: got "${raw}", expected an integer from ${range.min} to ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (["1", "true", "yes", "on"].includes(raw)) return true;
    if (["0", "false", "no", "off"].includes(raw)) return false;
    this.problems.push(`${name}: got "${raw}", expected true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}: got "${raw}", expected one of ${allowed.join(", ")}`);
    return fallback;
  }

  /** Runs a parser that throws on bad input, recording its message as a problem. */
  parsed<T>(parse: () => T, fallback: T): T {
    try {
      return parse();
    } catch (error) {
      this.problems.push((error as Error).message);
      return fallback;
    }
  }
}
