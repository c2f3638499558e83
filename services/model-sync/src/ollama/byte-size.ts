const UNITS = ["B", "kB", "MB", "GB", "TB"] as const;

/** Sizes in decimal units with one decimal, as the `ollama` CLI shows them (522.7 MB). */
export function byteSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}
