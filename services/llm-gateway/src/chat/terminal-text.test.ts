import { describe, expect, it } from "vitest";
import { printable } from "./terminal-text.ts";

describe("printable", () => {
  it("removes escape sequences' control characters, keeping newline and tab", () => {
    expect(printable("a\u001b]52;c;ZXZpbA==\u0007b")).toBe("a]52;c;ZXZpbA==b");
    expect(printable("\u001b[2J\u009b31m\rline\u0000\u007f\n\tnext")).toBe("[2J31mline\n\tnext");
  });

  it("leaves ordinary text, accents and emoji as they are", () => {
    expect(printable("Grüße, 世界 👋\n")).toBe("Grüße, 世界 👋\n");
  });
});
