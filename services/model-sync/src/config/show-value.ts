const LONGEST_SHOWN = 80;

/** A given value as an error message quotes it: JSON, cut short so one bad prompt cannot flood the log. */
export function showValue(value: unknown): string {
  const text = value === undefined ? "nothing" : (JSON.stringify(value) ?? String(value));
  return text.length > LONGEST_SHOWN ? `${text.slice(0, LONGEST_SHOWN)}…` : text;
}
