import { loadConfig } from "../config/config.ts";
import { startGateway, type GatewayOptions, type RunningGateway } from "../gateway.ts";
import { Logger } from "../logging/logger.ts";
import { pgliteClient } from "../store/pglite-client.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { SqlConversationStore } from "../store/sql-store.ts";
import { startOllamaStub, type OllamaStub, type StubModel } from "./ollama-stub.ts";
import { testKey } from "./test-keys.ts";

export const ALICE_KEY = testKey("alice");
export const BOB_KEY = testKey("bob");

export const defaultStubModels: StubModel[] = [
  { name: "llama3.2:1b", capabilities: ["completion", "tools"] },
  { name: "qwen3:8b", capabilities: ["completion", "thinking", "tools"], thinking: ["Let", " me", " think."] },
];

let memoryStore: Promise<ConversationStore> | undefined;

/**
 * One in-memory PGlite per test file, shared by its gateways: starting PGlite
 * takes about a second. Gateways close their store on shutdown, so they get a
 * view whose close does nothing.
 */
function sharedMemoryStore(): Promise<ConversationStore> {
  memoryStore ??= pgliteClient(undefined).then((client) => SqlConversationStore.open("pglite", client));
  return memoryStore.then((store) => Object.assign(Object.create(store) as ConversationStore, { close: async () => undefined }));
}

export interface TestGateway {
  readonly url: string;
  readonly metricsUrl: string;
  readonly stub: OllamaStub;
  readonly gateway: RunningGateway;
  /** Every log line the gateway wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
  request(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real gateway on a free port in front of a stub Ollama, with short
 * time-outs and an in-memory store unless the test brings its own.
 */
export async function startTestGateway(
  options: { env?: Record<string, string>; models?: StubModel[]; stub?: OllamaStub } & GatewayOptions = {},
): Promise<TestGateway> {
  const stub = options.stub ?? (await startOllamaStub(options.models ?? defaultStubModels));
  const config = loadConfig({
    HOST: "127.0.0.1",
    PORT: "0",
    METRICS_PORT: "0",
    OLLAMA_HOST: stub.url,
    API_KEYS: `alice:${ALICE_KEY},bob:${BOB_KEY}`,
    MODEL_ALIASES: "fast=llama3.2:1b,smart=qwen3:8b",
    KEEPALIVE_INTERVAL_MS: "200",
    SHUTDOWN_GRACE_MS: "2000",
    RATE_LIMIT_PER_MINUTE: "6000",
    RATE_LIMIT_BURST: "1000",
    ...options.env,
  });
  const rawLogs: string[] = [];
  const logger = new Logger("info", (line) => rawLogs.push(line));
  const store = options.store ?? (await sharedMemoryStore());
  const gateway = await startGateway(config, { ...options, logger, store });
  return {
    url: gateway.url,
    metricsUrl: gateway.metricsUrl,
    stub,
    gateway,
    rawLogs,
    get logs() {
      return rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    request(path, init = {}) {
      const { key = ALICE_KEY, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key !== null) headers.set("Authorization", `Bearer ${key}`);
      if (rest.body !== undefined && !headers.has("content-type")) headers.set("Content-Type", "application/json");
      return fetch(`${gateway.url}${path}`, { ...rest, headers });
    },
    async close() {
      await gateway.shutdown();
      if (!options.stub) await stub.close();
    },
  };
}

export function chatBody(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: "fast", messages: [{ role: "user", content: "Hi" }], ...fields });
}

/** Reads an SSE body into its frames: `data` payloads and comment lines. */
export async function readSse(response: Response): Promise<{ data: string[]; comments: string[] }> {
  const text = await response.text();
  const data: string[] = [];
  const comments: string[] = [];
  for (const block of text.split("\n\n")) {
    for (const line of block.split("\n")) {
      if (line.startsWith("data: ")) data.push(line.slice(6));
      else if (line.startsWith(":")) comments.push(line);
    }
  }
  return { data, comments };
}

/**
 * Polls until `check` holds, for things that happen shortly after a response.
 * It has no deadline of its own: how long "shortly" is depends on the
 * machine's load, and the test's time-out still ends a wait that never ends.
 */
export async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A promise a test settles by hand, e.g. to hold a stub's answers open. */
export function latch(): { readonly opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
