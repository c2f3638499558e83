import { describe, expect, it } from "vitest";
import { parseArgs } from "./args";
import { DEFAULT_TIMEOUTS } from "./plan";

describe("parseArgs", () => {
  it("takes a stack or an outputs file, and timeouts in seconds", () => {
    expect(parseArgs(["dev"])).toEqual({ source: { stack: "dev" }, timeouts: DEFAULT_TIMEOUTS });
    expect(parseArgs(["--outputs", "o.json", "--timeout", "5", "--completion-timeout", "300"])).toEqual({
      source: { file: "o.json" },
      timeouts: { requestMs: 5000, completionMs: 300_000 },
    });
  });

  it.each([
    [["dev", "--outputs", "o.json"], "give a stack or --outputs <file.json>, not both or neither"],
    [["dev", "wsl"], "one stack only; got dev and wsl"],
    [["dev", "--timeout", "0"], "--timeout takes a positive number of seconds; got 0"],
    [["dev", "--timeout"], "--timeout needs a value"],
    [["dev", "--verbose"], "unknown option --verbose"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
