import { randomBytes } from "node:crypto";

/** Ollama's calls have no ids; clients answer a call by one, so each gets a fresh one in OpenAI's form. */
export function toolCallId(): string {
  return `call_${randomBytes(12).toString("hex")}`;
}
