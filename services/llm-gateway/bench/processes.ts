import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";

/** Starts a process and resolves once `ready` matches its output; returns the match. */
export function startProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; ready: RegExp; stdout?: "pipe" | "ignore" },
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  return new Promise((resolve, reject) => {
    const watch = (chunk: Buffer) => {
      if (seen.length > 100_000) return;
      seen += chunk.toString();
      const match = options.ready.exec(seen);
      if (match) resolve({ child, match });
    };
    child.stdout?.on("data", watch);
    child.stderr?.on("data", watch);
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code} before it was ready:\n${seen}`)));
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Resident and peak resident memory of a process, from /proc. */
export async function memoryOf(pid: number): Promise<{ rssBytes: number; peakBytes: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rssBytes: kib("VmRSS"), peakBytes: kib("VmHWM") };
}

/** Polls a URL until it answers, for servers that print nothing when ready. */
/** CPU time (user and system) a process has used, in seconds, from /proc. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  // The command name (field 2) may hold spaces, so fields are counted after its closing parenthesis.
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ, which Linux fixes at 100 for /proc on every architecture the gateway runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export async function waitForHttp(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
