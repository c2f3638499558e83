import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Target } from "./http-timing.ts";

const WRK = "/usr/bin/wrk";

/**
 * Requests per second under load, measured by wrk (Debian's package) so the
 * load generator is not the bottleneck. Undefined when wrk is not installed.
 */
export async function requestsPerSecond(target: Target, workDir: string, options: { connections: number; seconds: number }) {
  if (!existsSync(WRK)) return undefined;
  const script = join(workDir, `${target.name.replace(/\W/g, "-")}.lua`);
  const headers = Object.entries({ ...target.headers, "Content-Type": "application/json" })
    .map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
    .join("\n");
  await writeFile(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(target.body)}\n${headers}\n`);
  const { stdout } = await promisify(execFile)(WRK, [
    "-t1",
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "-s",
    script,
    target.url,
  ]);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
  const requests = /(\d+) requests in/.exec(stdout)?.[1];
  const errors = /Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1];
  if (errors) throw new Error(`${target.name}: ${errors} failed responses under load:\n${stdout}`);
  return { rps: Number(rate), requests: Number(requests) };
}
