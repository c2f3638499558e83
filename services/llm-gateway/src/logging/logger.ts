export type LogLevel = "info" | "warn" | "error";

export type LogFields = Record<string, unknown>;

const severity: Record<LogLevel, number> = { info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

/**
 * Standard output, written once per turn of the event loop. On Linux, writes
 * to a pipe or file are synchronous, so a write per request would make every
 * request wait for a system call; `flush` empties the buffer at once, for exit.
 */
export function bufferedStdout(): LogSink & { flush(): void } {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    process.stdout.write(text);
  };
  const sink = (line: string) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
  return Object.assign(sink, { flush });
}

/** Writes one JSON object per line, the format log collectors in the cluster parse without configuration. */
export class Logger {
  readonly #threshold: number;

  constructor(
    readonly level: LogLevel,
    private readonly sink: LogSink,
    private readonly bound: LogFields = {},
  ) {
    this.#threshold = severity[level];
  }

  child(fields: LogFields): Logger {
    return new Logger(this.level, this.sink, { ...this.bound, ...fields });
  }

  info(msg: string, fields?: LogFields): void {
    this.#write("info", msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.#write("warn", msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.#write("error", msg, fields);
  }

  #write(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (severity[level] < this.#threshold) return;
    const record = { time: new Date().toISOString(), level, msg, ...this.bound, ...fields };
    this.sink(`${JSON.stringify(record)}\n`);
  }
}
