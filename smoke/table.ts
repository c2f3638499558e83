import type { CheckResult } from "./check";

/** The results as an aligned plain-text table: name, url, pass/fail, detail. */
export function formatTable(results: readonly CheckResult[]): string {
  const rows = [["check", "url", "result", "detail"], ...results.map((r) => [r.name, r.url, r.passed ? "pass" : "FAIL", r.detail])];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ").trimEnd();
  return [line(rows[0]!), line(widths.map((w) => "-".repeat(w)).concat("------")), ...rows.slice(1).map(line)].join("\n");
}
