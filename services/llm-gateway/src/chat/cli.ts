import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { ChatSession, type ChatOutput } from "./chat-session.ts";
import { defaultStatePath, loadConversationId, saveConversationId } from "./chat-state.ts";

const usage = `Usage: npm run chat -w services/llm-gateway -- [options]

  --model <name>     model to talk to (default: $LLM_GATEWAY_MODEL or "fast")
  --new              start a new conversation instead of continuing the last one
  --think            ask the model to think first (if it can)
  --hide-thinking    do not show the model's thinking
  --url <url>        gateway URL (default: $LLM_GATEWAY_URL or http://127.0.0.1:8080)

The API key is read from $LLM_GATEWAY_API_KEY. Type /new for a fresh conversation, /exit or Ctrl-D to leave.`;

const dim = (text: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[2m${text}\x1b[22m` : text);

function terminalOutput(showThinking: boolean): ChatOutput & { end(): void } {
  let inReasoning = false;
  return {
    reasoning(text) {
      if (!showThinking) return;
      inReasoning = true;
      process.stdout.write(dim(text));
    },
    content(text) {
      if (inReasoning) process.stdout.write("\n\n");
      inReasoning = false;
      process.stdout.write(text);
    },
    end() {
      inReasoning = false;
      process.stdout.write("\n");
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: "string", default: process.env.LLM_GATEWAY_MODEL ?? "fast" },
      new: { type: "boolean", default: false },
      think: { type: "boolean" },
      "hide-thinking": { type: "boolean", default: false },
      url: { type: "string", default: process.env.LLM_GATEWAY_URL ?? "http://127.0.0.1:8080" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(usage);
  const apiKey = process.env.LLM_GATEWAY_API_KEY;
  if (!apiKey) throw new Error("set LLM_GATEWAY_API_KEY to your API key (or an OIDC access token)");

  const statePath = defaultStatePath();
  const stateKey = `${values.url} ${values.model}`;
  const remembered = values.new ? undefined : await loadConversationId(statePath, stateKey);
  const session = new ChatSession({ baseUrl: values.url, apiKey, model: values.model, think: values.think }, remembered);
  const announce = async () => {
    const { id, resumed, messages } = await session.open();
    await saveConversationId(statePath, stateKey, id);
    console.log(dim(resumed ? `continuing conversation ${id} (${messages} messages)` : `new conversation ${id}`));
  };
  await announce();

  const output = terminalOutput(!values["hide-thinking"]);
  const terminal = createInterface({ input: process.stdin, output: process.stdout, prompt: `${values.model}> ` });
  terminal.prompt();
  for await (const raw of terminal) {
    const line = raw.trim();
    if (line === "/exit") break;
    if (line === "/new") {
      session.conversationId = undefined;
      await announce();
    } else if (line) {
      try {
        await session.send(line, output);
      } catch (error) {
        process.stdout.write(`\n[error] ${(error as Error).message}`);
      }
      output.end();
    }
    terminal.prompt();
  }
  terminal.close();
}

main().catch((error: unknown) => {
  console.error(`chat: ${(error as Error).message}`);
  process.exit(1);
});
