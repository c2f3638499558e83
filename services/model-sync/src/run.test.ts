import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_FAILED, EXIT_MISCONFIGURED, EXIT_SYNCED } from "./run.ts";
import { SyncHarness } from "./testing/sync-harness.ts";

const qwen = { name: "qwen3:0.6b", numCtx: 8192, keepAlive: "10m" };
const mario = { name: "mario", from: "qwen3:0.6b", system: "You are Mario.", parameters: { temperature: 0.7, stop: ["</s>"] }, numCtx: 4096 };
const luigi = { name: "luigi", from: "qwen3:0.6b", system: "You are Luigi." };

describe("model-sync against an Ollama speaking the real wire format", () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await SyncHarness.start();
  });
  afterEach(() => h.close());

  it("pulls a missing model with readable, throttled progress and records it as managed", async () => {
    h.ollama.publish("qwen3:0.6b", [3_000_000, 12_000]);
    const { code, lines, terminationMessage } = await h.run([qwen]);

    expect(code).toBe(EXIT_SYNCED);
    expect(lines.filter((line) => line.startsWith("pull "))).toEqual([
      "pull qwen3:0.6b: pulling manifest",
      expect.stringMatching(/^pull qwen3:0\.6b: downloading sha256:[0-9a-f]{64} 0% \(0 B of 3\.0 MB\)$/),
      expect.stringMatching(/^pull qwen3:0\.6b: downloading sha256:[0-9a-f]{64} 100% \(3\.0 MB of 3\.0 MB\)$/),
      expect.stringMatching(/^pull qwen3:0\.6b: downloading sha256:[0-9a-f]{64} 0% \(0 B of 12\.0 kB\)$/),
      expect.stringMatching(/^pull qwen3:0\.6b: downloading sha256:[0-9a-f]{64} 100% \(12\.0 kB of 12\.0 kB\)$/),
      "pull qwen3:0.6b: verifying sha256 digest",
      "pull qwen3:0.6b: writing manifest",
      "pull qwen3:0.6b: success",
    ]);
    expect(lines.at(-1)).toBe("summary: pulled 1 (qwen3:0.6b), created 0, re-created 0, removed 0, unchanged 0");
    expect(terminationMessage).toBe(lines.at(-1));
    expect(h.ollama.heldNames()).toEqual(["qwen3:0.6b"]);
    expect(h.managedSet()).toEqual({ "qwen3:0.6b": { name: "qwen3:0.6b" } });
  });

  it("bakes no request option into a pulled model: numCtx and keepAlive stay the gateway's", async () => {
    h.ollama.publish("qwen3:0.6b");
    await h.run([qwen]);
    expect(h.ollama.calls("/api/pull").map((r) => r.body)).toEqual([{ name: "qwen3:0.6b", stream: true }]);
    expect(h.ollama.calls("/api/create")).toEqual([]);
  });

  it("leaves a model that is already there and does not claim it", async () => {
    h.ollama.hold({ name: "qwen3:0.6b" });
    const { code, lines } = await h.run([qwen]);
    expect(code).toBe(EXIT_SYNCED);
    expect(h.ollama.calls("/api/pull")).toEqual([]);
    expect(lines.at(-1)).toBe("summary: pulled 0, created 0, re-created 0, removed 0, unchanged 1 (qwen3:0.6b)");
    expect(h.managedSet()).toEqual({});
  });

  it("creates a custom model from its base, pulling the base first", async () => {
    h.ollama.publish("qwen3:0.6b");
    const { code, lines } = await h.run([mario]);

    expect(code).toBe(EXIT_SYNCED);
    expect(h.ollama.requests.filter((r) => r.method !== "GET").map((r) => r.path)).toEqual(["/api/pull", "/api/create"]);
    expect(h.ollama.calls("/api/create")[0]?.body).toEqual({
      model: "mario",
      from: "qwen3:0.6b",
      system: "You are Mario.",
      parameters: { temperature: 0.7, stop: ["</s>"] },
      stream: true,
    });
    expect(lines).toContain("pull qwen3:0.6b (base of mario): success");
    expect(lines.filter((line) => line.startsWith("create mario: "))).toEqual([
      expect.stringMatching(/^create mario: using existing layer sha256:[0-9a-f]{64}$/),
      expect.stringMatching(/^create mario: creating new layer sha256:[0-9a-f]{64}$/),
      "create mario: writing manifest",
      "create mario: success",
    ]);
    expect(lines.at(-1)).toBe("summary: pulled 1 (qwen3:0.6b), created 1 (mario), re-created 0, removed 0, unchanged 0");
    expect(h.managedSet()).toEqual({
      "qwen3:0.6b": { name: "qwen3:0.6b" },
      "mario:latest": { name: "mario", fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
    });
  });

  it("re-creates only the custom model whose prompt changed, then holds still", async () => {
    h.ollama.publish("qwen3:0.6b");
    await h.run([qwen, mario, luigi]);
    const changed = { ...mario, system: "You are Super Mario." };

    const second = await h.run([qwen, changed, luigi]);
    expect(second.code).toBe(EXIT_SYNCED);
    expect(second.lines).toContain("re-create mario: its definition changed");
    expect(h.ollama.calls("/api/create").map((r) => (r.body as { model: string }).model)).toEqual(["mario", "luigi", "mario"]);
    expect(h.ollama.heldModel("mario")?.system).toBe("You are Super Mario.");
    expect(second.lines.at(-1)).toBe("summary: pulled 0, created 0, re-created 1 (mario), removed 0, unchanged 2 (qwen3:0.6b, luigi)");

    const third = await h.run([qwen, changed, luigi]);
    expect(third.lines.at(-1)).toBe("summary: pulled 0, created 0, re-created 0, removed 0, unchanged 3 (qwen3:0.6b, mario, luigi)");
    expect(h.ollama.calls("/api/create")).toHaveLength(3);
  });

  it("re-creates a custom model whose prompt was changed by hand in Ollama", async () => {
    h.ollama.publish("qwen3:0.6b");
    await h.run([mario]);
    h.ollama.hold({ name: "mario", from: "qwen3:0.6b", system: "You are Wario." });

    const { lines } = await h.run([mario]);
    expect(lines).toContain("re-create mario: its system prompt in Ollama differs from the declared one");
    expect(h.ollama.heldModel("mario")?.system).toBe("You are Mario.");
  });

  it("removes a managed model once it is no longer declared, and never one pulled by hand", async () => {
    h.ollama.publish("qwen3:0.6b");
    h.ollama.publish("llama3.2");
    h.ollama.hold({ name: "gemma3:1b" });
    await h.run([qwen, { name: "llama3.2" }, { name: "gemma3:1b" }]);

    const { code, lines } = await h.run([qwen]);
    expect(code).toBe(EXIT_SYNCED);
    expect(h.ollama.calls("/api/delete").map((r) => r.body)).toEqual([{ name: "llama3.2" }]);
    expect(h.ollama.heldNames()).toEqual(["gemma3:1b", "qwen3:0.6b"]);
    expect(lines).toContain("remove llama3.2: deleted, no longer declared");
    expect(lines.at(-1)).toBe("summary: pulled 0, created 0, re-created 0, removed 1 (llama3.2), unchanged 1 (qwen3:0.6b)");
    expect(Object.keys(h.managedSet())).toEqual(["qwen3:0.6b"]);
  });

  it("forgets a managed model someone already deleted, without calling Ollama to delete it", async () => {
    h.ollama.publish("llama3.2");
    await h.run([{ name: "llama3.2" }]);
    await fetch(`${h.ollama.url}/api/delete`, { method: "DELETE", body: JSON.stringify({ model: "llama3.2" }) });
    h.ollama.requests.length = 0;

    const { code, lines } = await h.run([]);
    expect(code).toBe(EXIT_SYNCED);
    expect(lines).toContain("forget llama3.2: no longer declared and already gone from Ollama");
    expect(h.ollama.calls("/api/delete")).toEqual([]);
    expect(h.managedSet()).toEqual({});
  });

  it("removes a custom model and the base it pulled for it when both are gone from the list", async () => {
    h.ollama.publish("qwen3:0.6b");
    await h.run([mario]);
    const { lines } = await h.run([]);
    expect(lines.at(-1)).toBe("summary: pulled 0, created 0, re-created 0, removed 2 (mario, qwen3:0.6b), unchanged 0");
    expect(h.ollama.heldNames()).toEqual([]);
  });

  it("fails a pull with the model's name and Ollama's error, still syncing the others", async () => {
    h.ollama.publish("qwen3:0.6b");
    const { code, lines, terminationMessage } = await h.run([{ name: "nope:1b" }, qwen, { name: "toad", from: "nope:1b" }]);

    expect(code).toBe(EXIT_FAILED);
    const failure = "failed: 2 models: pull nope:1b: pull model manifest: file does not exist; create toad: not attempted: its base nope:1b failed";
    expect(lines.at(-1)).toBe(failure);
    expect(lines.at(-2)).toBe("summary: pulled 1 (qwen3:0.6b), created 0, re-created 0, removed 0, unchanged 0");
    expect(terminationMessage).toBe(`${failure}\n${lines.at(-2)}`);
    expect(h.ollama.calls("/api/create")).toEqual([]);
    expect(Object.keys(h.managedSet())).toEqual(["qwen3:0.6b"]);
  });

  it("fails a create with Ollama's error", async () => {
    h.ollama.publish("qwen3:0.6b");
    const { code, lines, terminationMessage } = await h.run([{ ...mario, parameters: { temprature: 0.7 } }]);
    expect(code).toBe(EXIT_FAILED);
    expect(lines.at(-1)).toBe("failed: create mario: unknown parameter 'temprature'");
    expect(terminationMessage.split("\n")[0]).toBe(lines.at(-1));
  });

  it("waits a bounded time for an Ollama that does not answer, then says where it looked", async () => {
    const port = await closedPort();
    const started = Date.now();
    const { code, lines, terminationMessage } = await h.run([qwen], { OLLAMA_HOST: `http://127.0.0.1:${port}`, OLLAMA_WAIT_SECONDS: "1" });

    expect(code).toBe(EXIT_FAILED);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines[0]).toBe(`waiting up to 1 s for Ollama at http://127.0.0.1:${port}: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`);
    const failure = `failed: Ollama at http://127.0.0.1:${port} did not answer within 1 s; last error: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`;
    expect(lines.at(-1)).toBe(failure);
    expect(terminationMessage).toBe(failure);
  });

  it("rejects an invalid model list naming the field, before touching Ollama", async () => {
    const { code, lines, terminationMessage } = await h.run([{ name: "qwen3:0.6b", numCtx: 100 }]);
    expect(code).toBe(EXIT_MISCONFIGURED);
    const message = "model-sync configuration: MODELS[0].numCtx: expected a whole number of tokens, at least 512; got 100";
    expect(lines).toEqual([message]);
    expect(terminationMessage).toBe(message);
    expect(h.ollama.requests).toEqual([]);
  });
});

describe("model-sync without the RBAC it needs", () => {
  it("stops at the first change it cannot record, passing on the API server's words", async () => {
    const h = await SyncHarness.start({ forbidden: ["create"] });
    try {
      h.ollama.publish("qwen3:0.6b");
      const { code, lines } = await h.run([qwen]);
      expect(code).toBe(EXIT_FAILED);
      expect(lines.at(-1)).toMatch(
        /^failed: cannot create ConfigMap llm\/model-sync-state: Kubernetes answered 403: configmaps "model-sync-state" is forbidden: User "system:serviceaccount:llm:model-sync" cannot create resource "configmaps"/,
      );
    } finally {
      await h.close();
    }
  });
});

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
