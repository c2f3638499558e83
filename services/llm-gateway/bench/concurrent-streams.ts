import { Agent, request, type ClientRequest } from "node:http";
import type { Target } from "./http-timing.ts";

/**
 * Opens `count` streaming requests at once and resolves when every one has
 * received its first byte; `close` then drops them all.
 */
export async function holdStreams(target: Target, body: string, count: number, timeoutMs: number) {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const requests: ClientRequest[] = [];
  const started = Array.from(
    { length: count },
    () =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          target.url,
          { method: "POST", agent, headers: { ...target.headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
          (res) => {
            if (res.statusCode !== 200) reject(new Error(`${target.name} answered ${res.statusCode}`));
            res.once("data", () => resolve());
            res.on("data", () => undefined);
          },
        );
        req.on("error", (error) => reject(error));
        req.end(body);
        requests.push(req);
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${count} streams did not all start within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(started), deadline]);
  } finally {
    clearTimeout(timer);
  }
  return {
    close() {
      for (const req of requests) req.destroy();
      agent.destroy();
    },
  };
}
