import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE_KEY, BOB_KEY, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";
import { testKey } from "../testing/test-keys.ts";

const WRONG_KEY = testKey("wrong");

/**
 * A minimal OIDC issuer: discovery document and JWKS, with keys the test can
 * rotate, a discovery it can break, and an issuer name it can make disagree.
 */
async function startIssuer() {
  const keys: { kid: string; privateKey: CryptoKey; jwk: JWK }[] = [];
  let jwksFetches = 0;
  let discoveryFetches = 0;
  const addKey = async (kid: string) => {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    keys.push({ kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } });
  };
  const behaviour = { discoveryStatus: 200, advertisedIssuer: undefined as string | undefined };
  const server: Server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/home`;
    res.setHeader("Content-Type", "application/json");
    if (req.url === "/realms/home/.well-known/openid-configuration") {
      discoveryFetches += 1;
      res.statusCode = behaviour.discoveryStatus;
      res.end(JSON.stringify({ issuer: behaviour.advertisedIssuer ?? base, jwks_uri: `${base}/protocol/openid-connect/certs` }));
    } else if (req.url === "/realms/home/protocol/openid-connect/certs") {
      jwksFetches += 1;
      res.end(JSON.stringify({ keys: keys.map(({ jwk }) => jwk) }));
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/home`;
  await addKey("key-1");
  return {
    issuer,
    behaviour,
    addKey,
    get jwksFetches() {
      return jwksFetches;
    },
    get discoveryFetches() {
      return discoveryFetches;
    },
    async sign(
      claims: Record<string, unknown>,
      options: { kid?: string; audience?: string; expiresIn?: string | null; issuer?: string; issuedAt?: number } = {},
    ) {
      const key = keys.find(({ kid }) => kid === (options.kid ?? "key-1"));
      if (!key) throw new Error(`no key ${options.kid}`);
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: key.kid })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? "llm-gateway")
        .setIssuedAt(options.issuedAt);
      if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? "5m");
      return jwt.sign(key.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("authentication", () => {
  let gw: TestGateway;
  let issuer: Awaited<ReturnType<typeof startIssuer>>;

  beforeAll(async () => {
    issuer = await startIssuer();
    gw = await startTestGateway({
      env: { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: "llm-gateway" },
      oidc: { refetchCooldownMs: 0 },
    });
  });

  afterAll(async () => {
    await gw.close();
    await issuer.close();
  });

  it("protects every /v1 route with a clear 401", async () => {
    for (const [method, path] of [
      ["GET", "/v1/models"],
      ["POST", "/v1/chat/completions"],
      ["GET", "/v1/conversations"],
      ["POST", "/v1/conversations"],
      ["DELETE", "/v1/conversations/00000000-0000-0000-0000-000000000000"],
      ["GET", "/v1/anything"],
    ] as const) {
      const response = await gw.request(path, { method, key: null });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
      const { error } = await response.json();
      expect(error.message).toContain('"Authorization: Bearer <credential>"');
      expect(error.message).toContain("an API key or an OIDC access token");
    }
  });

  it("accepts API keys and tells users apart by them", async () => {
    expect((await gw.request("/v1/models", { key: ALICE_KEY })).status).toBe(200);
    expect((await gw.request("/v1/models", { key: BOB_KEY })).status).toBe(200);
    const wrong = await gw.request("/v1/models", { key: `${ALICE_KEY}x` });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toBe("invalid API key");
  });

  it("rejects a malformed Authorization header", async () => {
    const response = await gw.request("/v1/models", { key: null, headers: { Authorization: `Basic ${ALICE_KEY}` } });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toContain("malformed Authorization header");
  });

  it("accepts an OIDC token and takes the user from sub", async () => {
    const token = await issuer.sign({ sub: "carol-id", groups: ["family"] });
    const created = await gw.request("/v1/conversations", { method: "POST", key: token, body: "{}" });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect((await gw.request(`/v1/conversations/${id}`, { key: ALICE_KEY })).status).toBe(404);
    const again = await gw.request(`/v1/conversations/${id}`, { key: await issuer.sign({ sub: "carol-id" }) });
    expect(again.status).toBe(200);
    expect(gw.logs.some((line) => line.user === "oidc:carol-id")).toBe(true);
  });

  it("keeps an OIDC subject apart from the API-key user of the same name", async () => {
    const created = await gw.request("/v1/conversations", { method: "POST", key: ALICE_KEY, body: '{"title":"keys only"}' });
    const { id } = await created.json();
    const impostor = await issuer.sign({ sub: "alice" });
    expect((await gw.request(`/v1/conversations/${id}`, { key: impostor })).status).toBe(404);
    const listed = await (await gw.request("/v1/conversations", { key: impostor })).json();
    expect(listed.data.map((conversation: { id: string }) => conversation.id)).not.toContain(id);
  });

  it("rejects tokens for another audience, from another issuer, expired, without exp, from the future, or without sub", async () => {
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    const tokens = [
      await issuer.sign({ sub: "x" }, { audience: "someone-else" }),
      await issuer.sign({ sub: "x" }, { issuer: "https://evil.example/realms/home" }),
      await issuer.sign({ sub: "x" }, { expiresIn: "-2m" }),
      await issuer.sign({ sub: "x" }, { expiresIn: null }),
      await issuer.sign({ sub: "x" }, { issuedAt: inAnHour, expiresIn: "2h" }),
      await issuer.sign({}),
    ];
    for (const token of tokens) {
      const response = await gw.request("/v1/models", { key: token });
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toMatch(/^invalid token: /);
    }
  });

  it("accepts an iat a little ahead, within OIDC_CLOCK_TOLERANCE_SECONDS", async () => {
    const token = await issuer.sign({ sub: "skewed" }, { issuedAt: Math.floor(Date.now() / 1000) + 30 });
    expect((await gw.request("/v1/models", { key: token })).status).toBe(200);
  });

  it("caches the JWKS and fetches it again only for an unknown key id", async () => {
    await gw.request("/v1/models", { key: await issuer.sign({ sub: "dave" }) });
    const fetchesBefore = issuer.jwksFetches;
    await gw.request("/v1/models", { key: await issuer.sign({ sub: "dave" }) });
    expect(issuer.jwksFetches).toBe(fetchesBefore);

    await issuer.addKey("key-2");
    const rotated = await gw.request("/v1/models", { key: await issuer.sign({ sub: "dave" }, { kid: "key-2" }) });
    expect(rotated.status).toBe(200);
    expect(issuer.jwksFetches).toBe(fetchesBefore + 1);
  });

  it("never writes a key or token to the log", async () => {
    const token = await issuer.sign({ sub: "erin" });
    await gw.request("/v1/models", { key: token });
    await gw.request("/v1/models", { key: WRONG_KEY });
    const everything = gw.rawLogs.join("");
    for (const secret of [ALICE_KEY, BOB_KEY, token, WRONG_KEY]) expect(everything).not.toContain(secret);
  });

  it("leaves probes and the metrics port open", async () => {
    expect((await gw.request("/healthz", { key: null })).status).toBe(200);
    expect((await fetch(`${gw.metricsUrl}/metrics`)).status).toBe(200);
  });
});

describe("an identity provider that fails", () => {
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let gw: TestGateway;
  let clock = 0;

  beforeAll(async () => {
    issuer = await startIssuer();
    gw = await startTestGateway({
      env: { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: "llm-gateway" },
      oidc: { now: () => Date.now() + clock },
    });
  });

  afterAll(async () => {
    await gw.close();
    await issuer.close();
  });

  it("answers 503 without naming the provider, backs off instead of asking per request, and recovers", async () => {
    issuer.behaviour.discoveryStatus = 500;
    const token = await issuer.sign({ sub: "frank" });
    const first = await gw.request("/v1/models", { key: token });
    expect(first.status).toBe(503);
    const { message } = (await first.json()).error;
    expect(message).toContain("cannot verify tokens right now");
    expect(message).not.toContain(new URL(issuer.issuer).host);
    expect(gw.rawLogs.join("")).toContain(issuer.issuer);

    expect((await gw.request("/v1/models", { key: token })).status).toBe(503);
    expect(issuer.discoveryFetches).toBe(1);

    issuer.behaviour.discoveryStatus = 200;
    clock += 1_500;
    expect((await gw.request("/v1/models", { key: token })).status).toBe(200);
    expect(issuer.discoveryFetches).toBe(2);
  });
});

describe("an identity provider whose discovery names another issuer", () => {
  it("is not trusted", async () => {
    const issuer = await startIssuer();
    issuer.behaviour.advertisedIssuer = "https://evil.example/realms/home";
    const gw = await startTestGateway({ env: { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: "llm-gateway" } });
    try {
      const response = await gw.request("/v1/models", { key: await issuer.sign({ sub: "x" }) });
      expect(response.status).toBe(503);
      expect(gw.rawLogs.join("")).toContain('names the issuer \\"https://evil.example/realms/home\\"');
    } finally {
      await gw.close();
      await issuer.close();
    }
  });
});
