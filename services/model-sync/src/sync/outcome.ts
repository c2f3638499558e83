export interface Failure {
  readonly action: "pull" | "create" | "remove";
  readonly name: string;
  /** Ollama's own error text, or why the step could not start. */
  readonly reason: string;
}

/** What a run did, by model name. */
export interface Outcome {
  readonly pulled: string[];
  readonly created: string[];
  readonly recreated: string[];
  readonly removed: string[];
  readonly unchanged: string[];
  readonly failures: Failure[];
}

export function emptyOutcome(unchanged: readonly string[]): Outcome {
  return { pulled: [], created: [], recreated: [], removed: [], unchanged: [...unchanged], failures: [] };
}

/** `summary: pulled 1 (qwen3:0.6b), created 0, …`: counts, with the names where there are any. */
export function summaryLine(outcome: Outcome): string {
  const parts: [string, readonly string[]][] = [
    ["pulled", outcome.pulled],
    ["created", outcome.created],
    ["re-created", outcome.recreated],
    ["removed", outcome.removed],
    ["unchanged", outcome.unchanged],
  ];
  return `summary: ${parts.map(([label, names]) => (names.length === 0 ? `${label} 0` : `${label} ${names.length} (${names.join(", ")})`)).join(", ")}`;
}

/** One line naming every failed model with Ollama's error, so the last log line tells the whole story. */
export function failureLine(failures: readonly Failure[]): string {
  const each = failures.map((f) => `${f.action} ${f.name}: ${f.reason}`);
  return each.length === 1 ? `failed: ${each[0]}` : `failed: ${each.length} models: ${each.join("; ")}`;
}
