import { z } from "zod";
import { configKey, show } from "../config-problems";

/**
 * The LLM layer's part of the stack configuration: who gets a gateway key, what Open WebUI
 * talks to, and room for the models. `stacks/config.ts` composes it into the one schema.
 */

const USER = /^[a-z][a-z0-9-]{0,31}$/;

/** Open WebUI's own gateway key is made under this name. */
export const OPEN_WEBUI_USER = "open-webui";

export const llmSchema = z
  .strictObject({
    /** People and tools that get a generated gateway API key (a secret stack output). */
    apiUsers: z
      .array(z.string().regex(USER, { error: (i) => `expected a user name of lower-case letters, digits and '-'; got ${show(i.input)}` }))
      .min(1)
      .default(["admin"]),
    /** What Open WebUI talks to: the gateway (keys, limits, metrics) or Ollama directly. */
    chatBackend: z.enum(["gateway", "ollama"]).default("gateway"),
    /** Volume for Ollama's models. */
    modelStorage: z
      .string()
      .regex(/^\d+(Gi|Ti)$/, { error: (i) => `expected a size such as 50Gi; got ${show(i.input)}` })
      .default("40Gi"),
    /** A prebuilt gateway image instead of the bundle on the stock Node image. @default the bundle */
    gatewayImage: z
      .string()
      .regex(/^[a-z0-9.\-/:]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/, {
        error: (i) => `expected an image with a tag or digest, e.g. ghcr.io/me/llm-gateway:1.2.0; got ${show(i.input)}`,
      })
      .optional(),
  })
  .prefault({});

export type LlmConfig = z.output<typeof llmSchema>;

export function llmProblems(llm: LlmConfig): string[] {
  return llm.apiUsers.flatMap((user, i) => {
    const key = configKey(["llm", "apiUsers", i]);
    if (user === OPEN_WEBUI_USER) return [`${key}: "${OPEN_WEBUI_USER}" is Open WebUI's own key; choose another name`];
    return llm.apiUsers.indexOf(user) === i ? [] : [`${key}: "${user}" is listed twice`];
  });
}
