import { type Check, expectStatus } from "../check";

/** Open WebUI's sign-in page (`/auth`) is served as HTML. */
export function chatLoginCheck(baseUrl: string, timeoutMs: number): Check {
  const url = new URL("/auth", baseUrl).href;
  return {
    name: "chat login page",
    url,
    timeoutMs,
    run: async (client) => {
      const response = await client(url, { timeoutMs });
      expectStatus(response.status, 200, response.body);
      if (!response.contentType.includes("text/html")) throw new Error(`expected an HTML page, got ${response.contentType || "no content type"}`);
      return "sign-in page served";
    },
  };
}
