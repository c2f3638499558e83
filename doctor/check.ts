/** One line of the doctor's report. */
export type Status = "pass" | "warn" | "fail";

export interface CheckResult {
  /** What was checked, a few words. */
  readonly check: string;
  readonly status: Status;
  /** What was found. */
  readonly detail: string;
  /** What to do about a warn or a fail. */
  readonly fix?: string;
}

export function pass(check: string, detail: string): CheckResult {
  return { check, status: "pass", detail };
}

export function warn(check: string, detail: string, fix: string): CheckResult {
  return { check, status: "warn", detail, fix };
}

export function fail(check: string, detail: string, fix: string): CheckResult {
  return { check, status: "fail", detail, fix };
}

/** The doctor's exit code: a fail means `pulumi up` would not get through. */
export function exitCodeOf(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}
