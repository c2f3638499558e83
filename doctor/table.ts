import type { CheckResult, Status } from "./check";

const MARKS: Readonly<Record<Status, string>> = { pass: "pass", warn: "WARN", fail: "FAIL" };

/**
 * The report as one table: status, check, what was found. What to do goes on its own
 * indented line under a warn or fail, so long commands are not cut by a column width.
 */
export function renderTable(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.check.length), "check".length);
  const row = (status: string, check: string, detail: string) => `${status.padEnd(4)}  ${check.padEnd(width)}  ${detail}`;
  const lines = [row("", "check", "found"), row("", "-".repeat(width), "-----")];
  for (const result of results) {
    lines.push(row(MARKS[result.status], result.check, result.detail).trimEnd());
    if (result.fix) lines.push(`${" ".repeat(8 + width)}→ ${result.fix}`);
  }
  const counts = (["pass", "warn", "fail"] as const).map((s) => `${results.filter((r) => r.status === s).length} ${s}`);
  lines.push("", counts.join(", "));
  return lines.join("\n");
}
