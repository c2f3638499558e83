import { Hono } from "hono";
import type { Registry } from "./registry.ts";

/**
 * The app behind METRICS_PORT: only `/metrics`. Metrics carry per-user series,
 * so they live on a port the public route never reaches and that the cluster
 * opens to Prometheus alone.
 */
export function metricsApp(registry: Registry): Hono {
  const app = new Hono();
  app.get("/metrics", (c) => c.text(registry.render(), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }));
  return app;
}
