import type { Check } from "../check";

/**
 * Any exposed UI or API: the certificate is the CA's and the Gateway routes the host.
 * Asking for a login (401, 403) counts as answering; 404 is Traefik's answer for a host
 * or path no route serves, and 5xx a backend that is down.
 */
export function endpointCheck(name: string, url: string, timeoutMs: number): Check {
  return {
    name,
    url,
    timeoutMs,
    run: async (client) => {
      const { status } = await client(url, { timeoutMs });
      if (status === 404) throw new Error("HTTP 404: no route serves this host and path");
      if (status >= 500) throw new Error(`HTTP ${status}: the service behind the route is failing`);
      return `HTTP ${status}`;
    },
  };
}
