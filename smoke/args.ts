import { DEFAULT_TIMEOUTS, type Timeouts } from "./plan";
import type { OutputsSource } from "./read-outputs";

export const USAGE = "usage: npm run smoke -- <stack> | --outputs <file.json> [--timeout <seconds>] [--completion-timeout <seconds>]";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface SmokeArgs {
  readonly source: OutputsSource;
  readonly timeouts: Timeouts;
}

export function parseArgs(argv: readonly string[]): SmokeArgs {
  let stack: string | undefined;
  let file: string | undefined;
  let timeouts = DEFAULT_TIMEOUTS;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[(i += 1)];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === "--outputs") file = value();
    else if (arg === "--timeout") timeouts = { ...timeouts, requestMs: seconds(arg, value()) };
    else if (arg === "--completion-timeout") timeouts = { ...timeouts, completionMs: seconds(arg, value()) };
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (stack === undefined) stack = arg;
    else throw new UsageError(`one stack only; got ${stack} and ${arg}`);
  }
  if ((stack === undefined) === (file === undefined)) throw new UsageError("give a stack or --outputs <file.json>, not both or neither");
  return { source: file !== undefined ? { file } : { stack: stack! }, timeouts };
}

function seconds(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${option} takes a positive number of seconds; got ${text}`);
  return value * 1000;
}
