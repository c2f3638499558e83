import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { smoke } from "./smoke";
import { type Handler, sendJson, startHttpsServer, type TestServer } from "./testing/https-server";
import { type TestCa, testCa } from "./testing/test-ca";

const DOMAIN = "homelab.test";
const KEY = "sk-test-admin";

/** The platform behind its Gateway, routed by host like Traefik: a working stack with one broken service. */
const platform: Handler = (request, response) => {
  const host = request.headers.host!.split(":")[0];
  const route = `${host} ${request.method} ${request.url}`;
  const authorized = request.headers.authorization === `Bearer ${KEY}`;
  switch (route) {
    case `chat.${DOMAIN} GET /auth`:
      return void response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>Open WebUI</title>");
    case `llm.${DOMAIN} GET /v1/models`:
      return authorized ? sendJson(response, 200, { object: "list", data: [{ id: "qwen3:0.6b" }, { id: "chat" }] }) : sendJson(response, 401, { error: "bad key" });
    case `llm.${DOMAIN} POST /v1/chat/completions`: {
      const body = JSON.parse(request.body) as { model: string };
      return authorized ? sendJson(response, 200, { choices: [{ message: { role: "assistant", content: ` ok (${body.model})` } }] }) : sendJson(response, 401, {});
    }
    case `grafana.${DOMAIN} GET /api/health`:
      return sendJson(response, 200, { database: "ok", version: "12.1.0" });
    case `sso.${DOMAIN} GET /realms/master/.well-known/openid-configuration`:
      return sendJson(response, 200, { issuer: `https://sso.${DOMAIN}:${server.port}/realms/master` });
    case `traefik.${DOMAIN} GET /dashboard/`:
      return void response.writeHead(401, { "www-authenticate": "Basic" }).end();
    case `s3.${DOMAIN} GET /`:
      return void response.writeHead(503).end("no available server");
    default:
      return void response.writeHead(404).end("404 page not found");
  }
};

let ca: TestCa;
let otherCa: TestCa;
let server: TestServer;
let dir: string;
let written = 0;

function outputs(overrides: Record<string, unknown> = {}) {
  const names = ["chat", "grafana", "llm", "s3", "sso", "traefik"];
  const url = (name: string, path = "") => `https://${name}.${DOMAIN}:${server.port}${path}`;
  return {
    endpoints: { ...Object.fromEntries(names.map((n) => [n, url(n)])), traefik: url("traefik", "/dashboard/") },
    hostsEntries: names.map((n) => `127.0.0.1 ${n}.${DOMAIN}`),
    caCertificate: ca.cert,
    credentials: { "open-webui": { username: "admin@homelab.test", password: "x" } },
    llm: { url: url("llm", "/v1"), apiKeys: { admin: KEY, zed: "sk-other" } },
    kubeContext: "minikube",
    ...overrides,
  };
}

async function runSmoke(values: unknown, ...extra: string[]): Promise<{ code: number; lines: string[] }> {
  const file = join(dir, `outputs-${(written += 1)}.json`);
  await writeFile(file, JSON.stringify(values));
  const lines: string[] = [];
  const code = await smoke(["--outputs", file, ...extra], (line) => lines.push(...line.split("\n")));
  return { code, lines };
}

/** The table's rows as `name result detail`. */
function rows(lines: readonly string[]): string[] {
  return lines.filter((l) => / (pass|FAIL) /.test(l)).map((l) => l.replace(/ https:\/\/\S+/, "").replace(/\s+/g, " "));
}

beforeAll(async () => {
  ca = await testCa("homelab test CA");
  otherCa = await testCa("someone else's CA");
  server = await startHttpsServer(await ca.issue([`*.${DOMAIN}`]), platform);
  dir = await mkdtemp(join(tmpdir(), "smoke-outputs-"));
});

afterAll(async () => {
  await server?.close();
  await Promise.all([ca?.remove(), otherCa?.remove(), dir && rm(dir, { recursive: true, force: true })]);
});

describe("npm run smoke", () => {
  it("checks every endpoint over HTTPS, the gateway with the first user's key, and fails on the broken one", async () => {
    const { code, lines } = await runSmoke(outputs());
    expect(rows(lines)).toEqual([
      'chat login page pass sign-in page served',
      "grafana health pass database ok, Grafana 12.1.0",
      "llm models pass 2 model(s) for admin: qwen3:0.6b, chat",
      'llm completion pass qwen3:0.6b answered "ok (qwen3:0.6b)"',
      "s3 FAIL HTTP 503: the service behind the route is failing",
      `keycloak discovery pass issuer https://sso.${DOMAIN}:${server.port}/realms/master`,
      "traefik pass HTTP 401",
    ]);
    expect(lines.at(-1)).toBe("1 of 7 checks failed");
    expect(code).toBe(1);
  });

  it("passes, exiting 0, when every check passes", async () => {
    const values = outputs();
    delete (values.endpoints as Record<string, string>).s3;
    const { code, lines } = await runSmoke(values);
    expect(lines.at(-1)).toBe("all 6 checks passed");
    expect(code).toBe(0);
  });

  it("lists models and asks the first one for a completion, with the generated key", async () => {
    server.seen.length = 0;
    await runSmoke(outputs({ endpoints: { llm: `https://llm.${DOMAIN}:${server.port}` } }));
    expect(server.seen).toEqual(expect.arrayContaining(["GET /v1/models", "POST /v1/chat/completions"]));
  });

  it("fails the gateway with a key it refuses", async () => {
    const values = outputs({ endpoints: { llm: `https://llm.${DOMAIN}:${server.port}` } });
    (values.llm as { apiKeys: Record<string, string> }).apiKeys = { admin: "sk-wrong" };
    const { code, lines } = await runSmoke(values);
    expect(rows(lines)).toEqual(['llm models FAIL HTTP 401 (expected 200): {"error":"bad key"}', 'llm completion FAIL HTTP 401 (expected 200): {"error":"bad key"}']);
    expect(code).toBe(1);
  });

  it("trusts only the CA from the outputs: a server signed by another CA fails every check", async () => {
    const { code, lines } = await runSmoke(outputs({ caCertificate: otherCa.cert }));
    const results = rows(lines);
    expect(results).toHaveLength(7);
    for (const row of results) expect(row).toMatch(/FAIL certificate not signed by the stack's CA/);
    expect(code).toBe(1);
  });

  it("fails a check that gets no answer in time", async () => {
    const silent = await startHttpsServer(await ca.issue([`slow.${DOMAIN}`]), () => undefined);
    try {
      const values = outputs({ endpoints: { slow: `https://slow.${DOMAIN}:${silent.port}` }, hostsEntries: [`127.0.0.1 slow.${DOMAIN}`] });
      const { code, lines } = await runSmoke(values, "--timeout", "1");
      expect(rows(lines)).toEqual(["slow FAIL no answer within 1 s"]);
      expect(code).toBe(1);
    } finally {
      await silent.close();
    }
  });

  it("refuses outputs read without --show-secrets, naming the option", async () => {
    const { code, lines } = await runSmoke(outputs({ llm: { url: `https://llm.${DOMAIN}/v1`, apiKeys: { admin: "[secret]" } } }));
    expect(lines.join("\n")).toContain("hide secrets (llm.apiKeys.admin); read them with --show-secrets");
    expect(code).toBe(1);
  });

  it("reads a stack's outputs through the pulumi CLI, secrets shown", async () => {
    const calls: string[][] = [];
    const lines: string[] = [];
    const values = outputs({ endpoints: { grafana: `https://grafana.${DOMAIN}:${server.port}` } });
    const code = await smoke(["dev"], (line) => lines.push(line), async (command, args) => {
      calls.push([command, ...args]);
      return JSON.stringify(values);
    });
    expect(calls).toEqual([["pulumi", "stack", "output", "--json", "--show-secrets", "--stack", "dev"]]);
    expect(code).toBe(0);
  });

  it("exits 2 with the usage on bad arguments", async () => {
    const lines: string[] = [];
    expect(await smoke([], (line) => lines.push(line))).toBe(2);
    expect(lines.join("\n")).toContain("give a stack or --outputs <file.json>, not both or neither");
  });
});
