import type { ScaledWorkload } from "../data";

/**
 * Ollama asleep while nobody asks for it: KEDA scales its Deployment to zero once the
 * gateway has answered no `/v1` request for `idleMinutes`, and back to one at the next.
 * In a homelab the GPU (or the many GiB of RAM a loaded model holds) is wanted by other
 * things most of the day; the price is that the request that wakes it fails while Ollama
 * starts (about a minute with the model on its volume). Requests are counted at the
 * gateway, so Open WebUI must talk to it (`llm.chatBackend: gateway`): opening the chat
 * page asks for the model list, which wakes Ollama.
 */
export function ollamaIdleWorkload(idleMinutes: number): ScaledWorkload {
  return {
    name: "ollama-idle",
    namespace: "ollama",
    target: { kind: "Deployment", name: "ollama" },
    minReplicas: 0,
    maxReplicas: 1,
    // The query's window already waits `idleMinutes`; one more minute spares a flapping scrape.
    cooldownSeconds: 60,
    triggers: [
      {
        kind: "prometheus",
        query: `sum(increase(llm_gateway_http_requests_total{route=~"/v1/.*"}[${idleMinutes}m]))`,
        threshold: 1,
        activationThreshold: 0,
      },
    ],
  };
}
