import { type Check, expectStatus, jsonBody } from "../check";

export interface GatewayAccess {
  /** The OpenAI base URL (`https://llm.<domain>/v1`). */
  readonly url: string;
  /** The user whose generated key is used, for the report. */
  readonly user: string;
  readonly apiKey: string;
}

/** `GET /models` with the key: the key is accepted and at least one model is served. */
export function gatewayModelsCheck(access: GatewayAccess, timeoutMs: number): Check {
  const url = `${access.url}/models`;
  return {
    name: "llm models",
    url,
    timeoutMs,
    run: async (client) => {
      const models = await listModels(client, url, access.apiKey, timeoutMs);
      return `${models.length} model(s) for ${access.user}: ${models.join(", ")}`;
    },
  };
}

/** A short chat completion from the first model the gateway lists. */
export function gatewayCompletionCheck(access: GatewayAccess, timeoutMs: number): Check {
  const url = `${access.url}/chat/completions`;
  return {
    name: "llm completion",
    url,
    timeoutMs,
    run: async (client) => {
      const started = Date.now();
      const [model] = await listModels(client, `${access.url}/models`, access.apiKey, timeoutMs);
      const left = Math.max(1, timeoutMs - (Date.now() - started));
      const response = await client(url, {
        method: "POST",
        headers: authorization(access.apiKey),
        json: { model, messages: [{ role: "user", content: "Reply with the single word: ok" }], max_tokens: 16, stream: false },
        timeoutMs: left,
      });
      expectStatus(response.status, 200, response.body);
      const choice = (jsonBody(response.body) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0];
      if (typeof choice?.message?.content !== "string") throw new Error(`no choices[0].message.content in ${JSON.stringify(response.body.slice(0, 120))}`);
      return `${model} answered ${JSON.stringify(choice.message.content.trim().slice(0, 40))}`;
    },
  };
}

async function listModels(client: Parameters<Check["run"]>[0], url: string, apiKey: string, timeoutMs: number): Promise<string[]> {
  const response = await client(url, { headers: authorization(apiKey), timeoutMs });
  expectStatus(response.status, 200, response.body);
  const data = (jsonBody(response.body) as { data?: { id?: unknown }[] }).data;
  const ids = Array.isArray(data) ? data.map((m) => m.id).filter((id): id is string => typeof id === "string") : [];
  if (ids.length === 0) throw new Error("the gateway lists no models");
  return ids;
}

function authorization(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}` };
}
