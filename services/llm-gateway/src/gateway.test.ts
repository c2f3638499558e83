import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { startOllamaStub } from "./testing/ollama-stub.ts";
import { BOB_KEY, chatBody, eventually, latch, readSse, startTestGateway } from "./testing/test-gateway.ts";

const tokens = (count: number) => Array.from({ length: count }, (_, index) => ` w${index}`);

describe("operations", () => {
  it("answers probes: healthy, ready when Ollama and the store are, and not ready otherwise", async () => {
    const gw = await startTestGateway();
    try {
      expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: "ok" });
      const ready = await fetch(`${gw.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", ollama: { ok: true, version: "0.12.6" }, store: { ok: true } });
      await gw.stub.close();
      const notReady = await fetch(`${gw.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect((await notReady.json()).ollama.error).toContain("unreachable");
    } finally {
      await gw.gateway.shutdown();
    }
  });

  it("exposes request, token and upstream metrics for Prometheus", async () => {
    const gw = await startTestGateway();
    try {
      await gw.request("/v1/chat/completions", { method: "POST", body: chatBody() });
      await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ model: "nope" }) });
      gw.stub.busy = true;
      await gw.request("/v1/chat/completions", { method: "POST", body: chatBody() });
      const metrics = await (await fetch(`${gw.metricsUrl}/metrics`)).text();
      expect(metrics).toContain('llm_gateway_http_requests_total{route="/v1/chat/completions",method="POST",status="200"} 1');
      expect(metrics).toContain('llm_gateway_http_requests_total{route="/v1/chat/completions",method="POST",status="404"} 1');
      expect(metrics).toContain('llm_gateway_tokens_total{model="fast",user="key:alice",direction="in"} 1');
      expect(metrics).toContain('llm_gateway_tokens_total{model="fast",user="key:alice",direction="out"} 3');
      expect(metrics).toContain('llm_gateway_upstream_errors_total{model="fast",reason="busy"} 1');
      expect(metrics).toMatch(/^llm_gateway_queue_depth 0$/m);
      expect(metrics).toMatch(/^process_resident_memory_bytes \d+$/m);
      expect(metrics).toMatch(/^llm_gateway_http_request_duration_seconds_count\{route="\/v1\/chat\/completions",method="POST"\} 3$/m);
    } finally {
      await gw.close();
    }
  });

  it("serves metrics on their own port only, and refuses dot segments that would reach them", async () => {
    const gw = await startTestGateway();
    try {
      expect((await fetch(`${gw.metricsUrl}/metrics`)).status).toBe(200);
      expect((await fetch(`${gw.url}/metrics`)).status).toBe(404);
      for (const path of ["/v1/%2e%2e/healthz", "/v1/../healthz", "/v1/%2E%2E/metrics", "/v1/./models"]) {
        const { status, body } = await rawGet(`${gw.url}${path}`);
        expect(status, path).toBe(400);
        expect(JSON.parse(body).error.code, path).toBe("invalid_path");
      }
    } finally {
      await gw.close();
    }
  });

  it("logs one JSON line per request with id, user, model, tokens and durations, but no prompt", async () => {
    const gw = await startTestGateway();
    try {
      await gw.request("/v1/chat/completions", {
        method: "POST",
        headers: { "X-Request-Id": "req-123" },
        body: chatBody({ messages: [{ role: "user", content: "my secret question" }] }),
      });
      const line = gw.logs.find((entry) => entry.requestId === "req-123");
      expect(line).toMatchObject({ msg: "request", user: "key:alice", model: "fast", status: 200, promptTokens: 5, completionTokens: 3 });
      expect(line?.durationMs).toBeTypeOf("number");
      expect(line?.firstTokenMs).toBeTypeOf("number");
      expect(gw.rawLogs.join("")).not.toContain("my secret question");
    } finally {
      await gw.close();
    }
  });

  it("logs prompts when LOG_PROMPTS is on", async () => {
    const gw = await startTestGateway({ env: { LOG_PROMPTS: "true" } });
    try {
      await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ messages: [{ role: "user", content: "log me" }] }) });
      expect(gw.rawLogs.join("")).toContain("log me");
    } finally {
      await gw.close();
    }
  });

  it("rate-limits each user with 429 and Retry-After", async () => {
    const gw = await startTestGateway({ env: { RATE_LIMIT_PER_MINUTE: "1", RATE_LIMIT_BURST: "2" } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await gw.request("/v1/models")).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await gw.request("/v1/models");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await limited.json()).error.code).toBe("rate_limit_exceeded");
    } finally {
      await gw.close();
    }
  });

  it("turns requests away with 429 when the queue in front of Ollama is full", async () => {
    const held = latch();
    const stub = await startOllamaStub([{ name: "llama3.2:1b", capabilities: ["completion"], gate: () => held.opened }]);
    const gw = await startTestGateway({ stub, env: { UPSTREAM_PARALLELISM: "1", QUEUE_MAX: "1", MAX_STREAMS_PER_USER: "10" } });
    try {
      const running = gw.request("/v1/chat/completions", { method: "POST", body: chatBody() });
      await eventually(() => stub.chats.length === 1);
      const queued = gw.request("/v1/chat/completions", { method: "POST", body: chatBody() });
      await eventually(async () => /^llm_gateway_queue_depth 1$/m.test(await (await fetch(`${gw.metricsUrl}/metrics`)).text()));
      const refused = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody() });
      expect(refused.status).toBe(429);
      expect((await refused.json()).error.code).toBe("queue_full");
      held.open();
      expect((await running).status).toBe(200);
      expect((await queued).status).toBe(200);
    } finally {
      await gw.close();
      await stub.close();
    }
  });

  it("lets another user's request complete while one user floods the upstream slots", async () => {
    const flood = latch();
    const floods = (body: { messages: { content: string }[] }) => body.messages.at(-1)?.content === "flood";
    const stub = await startOllamaStub([
      { name: "llama3.2:1b", capabilities: ["completion"], gate: (body) => (floods(body) ? flood.opened : Promise.resolve()) },
    ]);
    const gw = await startTestGateway({ stub, env: { UPSTREAM_PARALLELISM: "2", MAX_STREAMS_PER_USER: "8" } });
    try {
      const flooding = Array.from({ length: 6 }, () =>
        gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ messages: [{ role: "user", content: "flood" }] }) }),
      );
      await eventually(async () => /^llm_gateway_queue_depth 5$/m.test(await (await fetch(`${gw.metricsUrl}/metrics`)).text()));

      const other = await gw.request("/v1/chat/completions", { method: "POST", key: BOB_KEY, body: chatBody() });
      expect(other.status).toBe(200);
      expect((await other.json()).choices[0].message.content).toBe("Hello from llama3.2:1b.");
      const floodRunning = stub.chats.filter(({ body, finished }) => floods(body) && !finished);
      expect(floodRunning).toHaveLength(1);

      flood.open();
      expect((await Promise.all(flooding)).map(({ status }) => status)).toEqual([200, 200, 200, 200, 200, 200]);
    } finally {
      await gw.close();
      await stub.close();
    }
  });

  it("refuses an oversized body with 413 and an unknown route with 404, both in OpenAI's shape", async () => {
    const gw = await startTestGateway({ env: { MAX_BODY_BYTES: "2048" } });
    try {
      const big = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ messages: [{ role: "user", content: "x".repeat(4096) }] }) });
      expect(big.status).toBe(413);
      expect((await big.json()).error.message).toContain("MAX_BODY_BYTES");
      const missing = await gw.request("/v1/audio/speech", { method: "POST", body: "{}" });
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.message).toContain("no route for POST /v1/audio/speech");
    } finally {
      await gw.close();
    }
  });
});

describe("graceful shutdown", () => {
  it("lets a running stream finish, then stops taking connections", async () => {
    const stub = await startOllamaStub([{ name: "llama3.2:1b", capabilities: ["completion"], tokenDelayMs: 20, answer: () => tokens(20) }]);
    // The grace period only has to outlast the stream; a long one costs nothing when the stream ends first.
    const gw = await startTestGateway({ stub, env: { SHUTDOWN_GRACE_MS: "120000" } });
    try {
      const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ stream: true }) });
      const stopped = gw.gateway.shutdown();
      const { data } = await readSse(response);
      expect(data.at(-1)).toBe("[DONE]");
      await stopped;
      await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
    } finally {
      await stub.close();
    }
  });

  it("ends streams still running after the grace period with an error frame", async () => {
    const stub = await startOllamaStub([{ name: "llama3.2:1b", capabilities: ["completion"], tokenDelayMs: 100, answer: () => tokens(100) }]);
    const gw = await startTestGateway({ stub, env: { SHUTDOWN_GRACE_MS: "300" } });
    try {
      const response = await gw.request("/v1/chat/completions", { method: "POST", body: chatBody({ stream: true }) });
      const stopped = gw.gateway.shutdown();
      const { data } = await readSse(response);
      expect(JSON.parse(data.at(-1) as string).error.code).toBe("shutting_down");
      await stopped;
      expect(stub.chats.at(-1)?.aborted).toBe(true);
    } finally {
      await stub.close();
    }
  });
});

/** GET with the path exactly as written: fetch would normalise the dot segments away before sending. */
function rawGet(url: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const path = url.slice(url.indexOf("/", "http://".length));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once("error", reject);
    req.end();
  });
}
