import { type Check, expectStatus, jsonBody } from "../check";

/** Grafana's health API: up, and its database answers. */
export function grafanaCheck(baseUrl: string, timeoutMs: number): Check {
  const url = new URL("/api/health", baseUrl).href;
  return {
    name: "grafana health",
    url,
    timeoutMs,
    run: async (client) => {
      const response = await client(url, { timeoutMs });
      expectStatus(response.status, 200, response.body);
      const health = jsonBody(response.body) as { database?: unknown; version?: unknown };
      if (health.database !== "ok") throw new Error(`database is ${JSON.stringify(health.database)}, expected "ok"`);
      return `database ok${typeof health.version === "string" ? `, Grafana ${health.version}` : ""}`;
    },
  };
}
