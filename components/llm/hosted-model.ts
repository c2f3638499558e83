import { BlockList, isIPv4 } from "node:net";
import type * as pulumi from "@pulumi/pulumi";
import { type NetworkAllow, PRIVATE_NETWORKS } from "../lib/platform-namespace";
import type { DeclaredModel } from "./declared-model";

/** What the gateway lets through to a hosted model, as Ollama names its capabilities. */
export type HostedCapability = "thinking" | "tools" | "vision";

/**
 * A model an OpenAI-compatible server serves next to Ollama (OpenAI, Gemini's compatible
 * endpoint, OpenRouter, a vLLM or llama.cpp server on the LAN), as the stack declares it.
 */
export interface HostedModel {
  /** What clients ask for (`gpt`). */
  readonly name: string;
  /** The server's OpenAI-compatible base URL (`https://api.openai.com/v1`). */
  readonly baseUrl: string;
  /** The model's name at that server (`gpt-4o-mini`). */
  readonly model: string;
  /** The server's API key, a Pulumi secret. @default none: a server without keys */
  readonly apiKey?: pulumi.Input<string>;
  /** What the gateway lets through to it. @default none: text only */
  readonly capabilities?: readonly HostedCapability[];
  /** The model that answers when this one's server is down or busy. @default none */
  readonly fallback?: string;
}

/** The Secret holding the hosted models' keys, one entry per model that has one. */
export const HOSTED_KEYS_SECRET = "llm-gateway-hosted-keys";

/** The gateway's variable that carries a hosted model's key: names are lower-case letters, digits and `-`. */
export function hostedKeyVariable(name: string): string {
  return `HOSTED_API_KEY_${name.toUpperCase().replaceAll("-", "_")}`;
}

/** `HOSTED_MODELS`: the models without their keys, each naming the variable its key is in. */
export function hostedModelsEnv(models: readonly HostedModel[]): string {
  return JSON.stringify(
    models.map((m) => ({
      name: m.name,
      baseUrl: m.baseUrl,
      model: m.model,
      ...(m.apiKey !== undefined && { apiKeyEnv: hostedKeyVariable(m.name) }),
      capabilities: [...(m.capabilities ?? [])],
    })),
  );
}

/**
 * `MODEL_FALLBACKS`: each served name of a model with a fallback, so an Ollama model asked
 * for by its alias or by its own name falls back alike.
 */
export function modelFallbacks(models: readonly DeclaredModel[], hosted: readonly HostedModel[]): string {
  const served = [...models.flatMap((m) => (m.alias ? [m.name, m.alias] : [m.name]).map((name) => ({ name, fallback: m.fallback }))), ...hosted];
  return served.flatMap(({ name, fallback }) => (fallback ? [`${name}=${fallback}`] : [])).join(",");
}

/** Host names that only the LAN's own DNS answers for. */
const LAN_SUFFIXES = [".lan", ".local", ".home.arpa", ".internal"];

const lanAddresses = new BlockList();
for (const cidr of PRIVATE_NETWORKS) {
  const [address, prefix] = cidr.split("/");
  lanAddresses.addSubnet(address!, Number(prefix), "ipv4");
}

/**
 * Egress the gateway needs to reach its hosted models, and nothing more: a server at a
 * private address gets exactly that address and port on the LAN, a host name only the LAN
 * resolves gets its port on the LAN's private ranges, anything else its port on the internet.
 */
export function hostedModelEgress(models: readonly HostedModel[]): NetworkAllow[] {
  const internetPorts = new Set<number>();
  const lanPorts = new Set<number>();
  const lanServers = new Map<string, Set<number>>();
  for (const { baseUrl } of models) {
    const url = new URL(baseUrl);
    const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    const host = url.hostname.toLowerCase();
    if (isIPv4(host) && lanAddresses.check(host, "ipv4")) lanServers.set(host, (lanServers.get(host) ?? new Set()).add(port));
    else if (!isIPv4(host) && !host.includes(":") && (!host.includes(".") || LAN_SUFFIXES.some((suffix) => host.endsWith(suffix)))) lanPorts.add(port);
    else internetPorts.add(port);
  }
  const sorted = (ports: Set<number>) => [...ports].sort((a, b) => a - b);
  return [
    ...(internetPorts.size > 0 ? [{ kind: "to-internet", ports: sorted(internetPorts) } as const] : []),
    ...(lanPorts.size > 0 ? [{ kind: "to-lan", ports: sorted(lanPorts) } as const] : []),
    ...[...lanServers].map(([address, ports]) => ({ kind: "to-lan", ports: sorted(ports), addresses: [`${address}/32`] }) as const),
  ];
}
