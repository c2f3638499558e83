import type { Check } from "./check";
import { chatLoginCheck } from "./checks/chat-login";
import { endpointCheck } from "./checks/endpoint";
import { grafanaCheck } from "./checks/grafana";
import { keycloakCheck } from "./checks/keycloak";
import { gatewayCompletionCheck, gatewayModelsCheck } from "./checks/llm-gateway";
import type { SmokeOutputs } from "./outputs";

export interface Timeouts {
  /** Each plain request. */
  readonly requestMs: number;
  /** The completion, which may wait for the model to load. */
  readonly completionMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { requestMs: 10_000, completionMs: 120_000 };

/** Endpoints (by their name in the `endpoints` output) that get a check of what they serve. */
const SPECIFIC: Readonly<Record<string, (url: string, timeoutMs: number) => Check>> = {
  chat: chatLoginCheck,
  grafana: grafanaCheck,
  sso: keycloakCheck,
  keycloak: keycloakCheck,
};

/**
 * A check per endpoint (what it serves, when known; else that it answers), and the LLM
 * gateway with the first API user's generated key, when the stack has the LLM layer.
 */
export function planChecks(outputs: SmokeOutputs, timeouts: Timeouts = DEFAULT_TIMEOUTS): Check[] {
  const gateway = outputs.llm && gatewayAccess(outputs.llm);
  return Object.entries(outputs.endpoints).flatMap(([name, url]): Check[] => {
    if (name === "llm" && gateway) return [gatewayModelsCheck(gateway, timeouts.requestMs), gatewayCompletionCheck(gateway, timeouts.completionMs)];
    const specific = SPECIFIC[name];
    return [specific ? specific(url, timeouts.requestMs) : endpointCheck(name, url, timeouts.requestMs)];
  });
}

function gatewayAccess(llm: NonNullable<SmokeOutputs["llm"]>) {
  const [first] = Object.keys(llm.apiKeys).sort();
  return first === undefined ? undefined : { url: llm.url.replace(/\/+$/, ""), user: first, apiKey: llm.apiKeys[first]! };
}
