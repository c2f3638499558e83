/**
 * C0 controls but tab and newline, DEL, and C1 controls: with them a model's
 * answer could move the cursor, retitle the window or write the clipboard
 * (OSC 52) of whoever reads it in a terminal.
 */
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Model output made safe to write to a terminal: control characters other than newline and tab removed. */
export function printable(text: string): string {
  return text.replace(controlCharacters, "");
}
