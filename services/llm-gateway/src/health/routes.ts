import { Hono } from "hono";
import type { OllamaUpstream } from "../ollama/ollama-upstream.ts";
import { networkErrorCode } from "../ollama/upstream-failure.ts";
import type { ConversationStore } from "../store/conversation-store.ts";

const READINESS_PROBE_TIMEOUT_MS = 2_000;

export interface HealthDeps {
  readonly upstream: OllamaUpstream;
  readonly store: ConversationStore;
  readonly isShuttingDown: () => boolean;
}

/**
 * Probes, outside `/v1` and without authentication: the cluster routes only
 * `/v1` to the public side.
 */
export function healthRoutes(deps: HealthDeps): Hono {
  const routes = new Hono();

  routes.get("/healthz", (c) => c.json({ status: "ok" }));

  routes.get("/readyz", async (c) => {
    const [ollama, store] = await Promise.all([ollamaStatus(deps.upstream), deps.store.ready()]);
    const shuttingDown = deps.isShuttingDown();
    const ready = ollama.ok && store && !shuttingDown;
    return c.json(
      {
        status: ready ? "ready" : "not ready",
        ollama: ollama.ok ? { ok: true, version: ollama.version } : { ok: false, error: ollama.error },
        store: { ok: store, kind: deps.store.kind },
        ...(shuttingDown ? { shuttingDown: true } : {}),
      },
      ready ? 200 : 503,
    );
  });

  return routes;
}

async function ollamaStatus(upstream: OllamaUpstream): Promise<{ ok: true; version: string } | { ok: false; error: string }> {
  try {
    return { ok: true, version: await upstream.version(AbortSignal.timeout(READINESS_PROBE_TIMEOUT_MS)) };
  } catch (error) {
    const cause = networkErrorCode(error);
    return { ok: false, error: `Ollama at ${upstream.host} is unreachable${cause ? ` (${cause})` : ""}` };
  }
}
