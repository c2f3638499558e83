import { type Check, expectStatus, jsonBody } from "../check";

/**
 * Keycloak's OpenID discovery for the `master` realm, which every Keycloak has: the server
 * is up, and the issuer it announces is the public URL (so tokens it signs validate).
 */
export function keycloakCheck(baseUrl: string, timeoutMs: number): Check {
  const issuer = new URL("/realms/master", baseUrl).href;
  const url = `${issuer}/.well-known/openid-configuration`;
  return {
    name: "keycloak discovery",
    url,
    timeoutMs,
    run: async (client) => {
      const response = await client(url, { timeoutMs });
      expectStatus(response.status, 200, response.body);
      const announced = (jsonBody(response.body) as { issuer?: unknown }).issuer;
      if (announced !== issuer) throw new Error(`issuer is ${JSON.stringify(announced)}, expected ${issuer} (check Keycloak's hostname setting)`);
      return `issuer ${issuer}`;
    },
  };
}
