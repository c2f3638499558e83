import { startOllamaStub } from "../src/testing/ollama-stub.ts";

/**
 * The Ollama stub in a process of its own, so the benchmark measures targets
 * that do not share an event loop with the upstream they call.
 * Models: "bench:1b" answers 8 tokens at once; "stream:1b" sends one token
 * every 100 ms for 30 s, to hold streams open.
 */
const tokens = (count: number) => Array.from({ length: count }, (_, index) => ` tok${index}`);

const stub = await startOllamaStub([
  { name: "bench:1b", capabilities: ["completion"], answer: () => tokens(8) },
  { name: "stream:1b", capabilities: ["completion"], tokenDelayMs: 100, answer: () => tokens(300) },
]);
process.stdout.write(`${stub.url}\n`);
process.on("SIGTERM", () => void stub.close().then(() => process.exit(0)));
