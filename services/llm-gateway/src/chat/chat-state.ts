import { mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** Where the chat client remembers the conversation to continue, per gateway and model. */
export function defaultStatePath(): string {
  return process.env.LLM_GATEWAY_CHAT_STATE ?? join(homedir(), ".config", "llm-gateway", "chat.json");
}

type State = Record<string, string>;

export async function loadConversationId(path: string, key: string): Promise<string | undefined> {
  return (await readState(path))[key];
}

export async function saveConversationId(path: string, key: string, id: string): Promise<void> {
  const state = await readState(path);
  state[key] = id;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

async function readState(path: string): Promise<State> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as State;
  } catch {
    return {};
  }
}
