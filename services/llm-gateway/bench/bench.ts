import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildBundle } from "../scripts/bundle.ts";
import { comparisonTable, loadRun, saveRun, type Figures, type SavedRun } from "./comparison.ts";
import { holdStreams } from "./concurrent-streams.ts";
import { sequentialTimings, type Target } from "./http-timing.ts";
import { startNginx } from "./nginx.ts";
import { cpuSecondsOf, memoryOf, startProcess, stopProcess, waitForHttp } from "./processes.ts";
import { requestsPerSecond } from "./wrk.ts";

/**
 * Benchmark, not a test: the stub Ollama directly, nginx in front of it, and
 * the bundled gateway with auth, metrics and JSON logging on, all on loopback.
 * Counts can be scaled with BENCH_SCALE (e.g. 0.1 for a quick look).
 * BENCH_BUNDLE runs a bundle built before (e.g. from another commit) instead
 * of building one; BENCH_SAVE writes the figures to a JSON file, and
 * BENCH_BASELINE prints them beside those of a file saved so.
 */
const scale = Number(process.env.BENCH_SCALE ?? 1);
const SEQUENTIAL = Math.round(2000 * scale);
const STREAMED = Math.round(1000 * scale);
const WARMUP = Math.round(200 * scale);
const WRK_SECONDS = Math.max(2, Math.round(8 * scale));
const WRK_CONNECTIONS = 32;
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000);
// Made per run, like every key the platform hands out: nothing to copy from the repository.
const API_KEY = `bench-${randomBytes(16).toString("hex")}`;

const here = dirname(fileURLToPath(import.meta.url));
const messages = [{ role: "user", content: "Say something short." }];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Measures a target; with `pid`, also the CPU time that process spends per request under wrk. */
async function measure(target: Target, pid?: number): Promise<Figures> {
  process.stderr.write(`measuring ${target.name}…\n`);
  const whole = await sequentialTimings(target, false, SEQUENTIAL, WARMUP);
  const streamed = await sequentialTimings(target, true, STREAMED, WARMUP);
  const cpuBefore = pid === undefined ? 0 : await cpuSecondsOf(pid);
  const load = await requestsPerSecond(target, workDir, { connections: WRK_CONNECTIONS, seconds: WRK_SECONDS });
  const cpuMicrosPerRequest =
    pid === undefined || !load ? undefined : (((await cpuSecondsOf(pid)) - cpuBefore) * 1e6) / load.requests;
  return { latency: whole.total, firstByte: streamed.firstByte, rps: load?.rps, cpuMicrosPerRequest };
}

const workDir = await mkdtemp(join(tmpdir(), "llm-gateway-bench-"));
const baseline = process.env.BENCH_BASELINE ? await loadRun(process.env.BENCH_BASELINE) : undefined;
const { path: bundle, bytes } = process.env.BENCH_BUNDLE
  ? { path: process.env.BENCH_BUNDLE, bytes: (await stat(process.env.BENCH_BUNDLE)).size }
  : await buildBundle();
const stub = await startProcess(process.execPath, ["--import", "tsx", join(here, "stub-process.ts")], { ready: /^(http:\/\/\S+)$/m });
const stubUrl = stub.match[1] as string;
const nodeProxy = await startProcess(process.execPath, ["--import", "tsx", join(here, "node-proxy-process.ts"), stubUrl], { ready: /^(http:\/\/\S+)$/m });
const nodeProxyUrl = nodeProxy.match[1] as string;
const nginxPort = await freePort();
const nginx = await startNginx(workDir, stubUrl, nginxPort);
const gatewayPort = await freePort();
const metricsPort = await freePort();
const gateway = spawn(process.execPath, [bundle], {
  env: {
    PATH: process.env.PATH,
    HOST: "127.0.0.1",
    PORT: String(gatewayPort),
    METRICS_PORT: String(metricsPort),
    OLLAMA_HOST: stubUrl,
    API_KEYS: `bench:${API_KEY}`,
    MODEL_ALIASES: "bench=bench:1b,stream=stream:1b",
    DATA_DIR: workDir,
    // As in the cluster when set; otherwise the embedded store, whose WASM heap dominates resident memory.
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    RATE_LIMIT_PER_MINUTE: "10000000",
    RATE_LIMIT_BURST: "10000000",
    MAX_STREAMS_PER_USER: String(STREAMS * 2),
    UPSTREAM_PARALLELISM: String(STREAMS * 2),
    QUEUE_MAX: String(STREAMS * 2),
  },
  // Logging stays on: one JSON line per request goes to a file, as it would to a container log.
  stdio: ["ignore", openSync(join(workDir, "gateway.log"), "w"), "inherit"],
});
const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;

try {
  await waitForHttp(`${gatewayUrl}/healthz`, 30_000);
  const ollamaBody = (model: string) => JSON.stringify({ model, messages, stream: true });
  const direct: Target = { name: "direct", url: `${stubUrl}/api/chat`, headers: {}, body: ollamaBody("bench:1b"), streamBody: ollamaBody("bench:1b") };
  const viaNginx: Target | undefined = nginx && { ...direct, name: "nginx", url: `http://127.0.0.1:${nginxPort}/api/chat` };
  const viaGateway: Target = {
    name: "gateway",
    url: `${gatewayUrl}/v1/chat/completions`,
    headers: { Authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ model: "bench", messages }),
    streamBody: JSON.stringify({ model: "bench", messages, stream: true }),
  };

  // The same chat completion as the gateway's, through Node's HTTP server and client and nothing else.
  const viaNodeProxy: Target = { ...viaGateway, name: "node proxy", url: `${nodeProxyUrl}/v1/chat/completions`, headers: {} };

  const results = new Map<string, Figures>();
  for (const target of [direct, viaNginx]) if (target) results.set(target.name, await measure(target));
  results.set(viaNodeProxy.name, await measure(viaNodeProxy, nodeProxy.child.pid));
  results.set(viaGateway.name, await measure(viaGateway, gateway.pid));

  process.stderr.write(`opening ${STREAMS} concurrent streams through the gateway…\n`);
  const idle = await memoryOf(gateway.pid as number);
  const streams = await holdStreams(viaGateway, JSON.stringify({ model: "stream", messages, stream: true }), STREAMS, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const held = await memoryOf(gateway.pid as number);
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const active = Number(/^llm_gateway_active_streams (\d+)/m.exec(metrics)?.[1]);
  streams.close();

  report(results, { idle, held, active, bytes });
  const run: SavedRun = { node: process.version, bundle, targets: Object.fromEntries(results) };
  if (process.env.BENCH_SAVE) await saveRun(process.env.BENCH_SAVE, run);
  if (baseline) {
    console.log(`Beside ${process.env.BENCH_BASELINE} (${baseline.bundle}):\n`);
    console.log(`${comparisonTable(baseline, run, { before: "before", after: "now" })}\n`);
  }
} finally {
  await stopProcess(gateway);
  if (nginx) await stopProcess(nginx);
  await stopProcess(nodeProxy.child);
  await stopProcess(stub.child);
  await rm(workDir, { recursive: true, force: true });
}

function report(results: Map<string, Figures>, memory: { idle: { rssBytes: number }; held: { rssBytes: number; peakBytes: number }; active: number; bytes: number }) {
  const ms = (value: number) => value.toFixed(2);
  const rows = [...results].map(
    ([name, figures]) =>
      `| ${name} | ${figures.rps === undefined ? "n/a (no wrk)" : figures.rps.toFixed(0)} | ${ms(figures.latency.p50)} | ${ms(figures.latency.p99)} | ${ms(figures.firstByte.p50)} | ${ms(figures.firstByte.p99)} |`,
  );
  const direct = results.get("direct") as Figures;
  const gateway = results.get("gateway") as Figures;
  const nginxFigures = results.get("nginx");
  const proxy = results.get("node proxy");
  const percent = (part: number | undefined, whole: number | undefined) => (part && whole ? `${((part / whole) * 100).toFixed(0)}%` : "n/a");
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const addedP50 = gateway.latency.p50 - direct.latency.p50;
  const addedP99 = gateway.latency.p99 - direct.latency.p99;
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(`
Node ${process.version}, ${SEQUENTIAL} sequential requests (after ${WARMUP} warm-up) per target, ${STREAMED} for first byte,
wrk -t1 -c${WRK_CONNECTIONS} -d${WRK_SECONDS}s for requests/s; bundle ${memory.bytes} bytes; store: ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite"}.

| target | requests/s | latency p50 (ms) | latency p99 (ms) | first byte p50 (ms) | first byte p99 (ms) |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

CPU time per request under wrk: gateway ${gateway.cpuMicrosPerRequest?.toFixed(0) ?? "n/a"} µs, node proxy ${proxy?.cpuMicrosPerRequest?.toFixed(0) ?? "n/a"} µs.
Gateway resident memory: ${mib(memory.idle.rssBytes)} MiB after the runs above, ${mib(memory.held.rssBytes)} MiB holding ${memory.active} concurrent streams (peak ${mib(memory.held.peakBytes)} MiB).

Targets:
- added latency p50 ${ms(addedP50)} ms (at most 1 ms): ${verdict(addedP50 <= 1)}
- added latency p99 ${ms(addedP99)} ms (at most 5 ms): ${verdict(addedP99 <= 5)}
- requests/s ${nginxFigures?.rps && gateway.rps ? `${((gateway.rps / nginxFigures.rps) * 100).toFixed(0)}% of nginx (at least 50%): ${verdict(gateway.rps >= nginxFigures.rps / 2)}` : "not compared (nginx or wrk missing)"}
- for scale: the node proxy (Node's HTTP server and client, no gateway features) did ${percent(proxy?.rps, nginxFigures?.rps)} of nginx, the gateway ${percent(gateway.rps, proxy?.rps)} of the node proxy
- ${memory.active} streams in ${mib(memory.held.rssBytes)} MiB (under 256 MiB with 1,000): ${verdict(memory.active >= 1000 && memory.held.rssBytes < 256 * 1024 * 1024)}
`);
}
