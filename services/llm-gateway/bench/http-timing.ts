import { Agent, request } from "node:http";

export interface Target {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Body of a whole (non-streamed to the client) request and of a streamed one. */
  readonly body: string;
  readonly streamBody: string;
}

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * One request at a time over one keep-alive connection, as the published
 * per-request overhead figures are measured. Returns milliseconds from
 * sending to the first body byte and to the end of the body.
 */
export async function sequentialTimings(target: Target, streamed: boolean, count: number, warmup: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const body = streamed ? target.streamBody : target.body;
  const firstByte: number[] = [];
  const total: number[] = [];
  for (let index = 0; index < warmup + count; index += 1) {
    const timing = await timedRequest(target, body, agent);
    if (index >= warmup) {
      firstByte.push(timing.firstByteMs);
      total.push(timing.totalMs);
    }
  }
  agent.destroy();
  return { firstByte: percentiles(firstByte), total: percentiles(total) };
}

function timedRequest(target: Target, body: string, agent: Agent): Promise<{ firstByteMs: number; totalMs: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const req = request(
      target.url,
      { method: "POST", agent, headers: { ...target.headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
      (res) => {
        let firstByteMs: number | undefined;
        res.on("data", () => (firstByteMs ??= elapsed()));
        res.on("end", () => {
          if (res.statusCode !== 200) reject(new Error(`${target.name} answered ${res.statusCode}`));
          else resolve({ firstByteMs: firstByteMs ?? elapsed(), totalMs: elapsed() });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
