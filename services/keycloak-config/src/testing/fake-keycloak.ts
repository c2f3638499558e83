import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ClientRepresentation, GroupRepresentation, UserRepresentation } from "../keycloak-admin.ts";

interface Realm {
  groups: GroupRepresentation[];
  users: (UserRepresentation & { memberOf: Set<string> })[];
  clients: ClientRepresentation[];
}

/**
 * Keycloak's admin REST API as the sync uses it, in memory, over real HTTP: a token from
 * the master realm's password grant, then realms, groups, users, memberships and clients.
 * It records every write, so a test sees what a run changed.
 */
export class FakeKeycloak {
  readonly realms = new Map<string, Realm>();
  /** `METHOD path` of every call that changed something. */
  readonly writes: string[] = [];
  /** Answers the token endpoint with 503 this many times first, as a starting Keycloak does. */
  unavailableLogins = 0;
  private readonly token = randomUUID();
  private readonly server = createServer((req, res) => void this.handle(req, res));

  constructor(private readonly admin = { username: "admin", password: "secret" }) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }

  realm(name: string): Realm {
    const realm = this.realms.get(name);
    if (!realm) throw new Error(`no realm ${name}`);
    return realm;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const url = new URL(req.url!, "http://fake");
    const method = req.method!;
    const send = (status: number, value?: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(value === undefined ? "" : JSON.stringify(value));
    };
    if (url.pathname === "/realms/master/protocol/openid-connect/token" && method === "POST") {
      if (this.unavailableLogins-- > 0) return send(503, { error: "starting" });
      const form = new URLSearchParams(body);
      const ok = form.get("grant_type") === "password" && form.get("client_id") === "admin-cli" && form.get("username") === this.admin.username && form.get("password") === this.admin.password;
      return ok ? send(200, { access_token: this.token }) : send(401, { error: "invalid_grant" });
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { error: "HTTP 401 Unauthorized" });
    const json = () => JSON.parse(body) as Record<string, unknown>;
    const wrote = (status = 204) => {
      this.writes.push(`${method} ${url.pathname}`);
      send(status);
    };
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] !== "admin" || parts[1] !== "realms") return send(404);
    if (parts.length === 2 && method === "POST") {
      const { realm } = json() as { realm: string };
      if (this.realms.has(realm)) return send(409);
      this.realms.set(realm, { groups: [], users: [], clients: [] });
      return wrote(201);
    }
    const realm = this.realms.get(parts[2]!);
    if (!realm) return send(404, { error: "Realm not found." });
    const [, , , kind, id, sub, subId] = parts;
    if (kind === undefined) return send(200, { realm: parts[2], enabled: true });
    if (kind === "groups") {
      if (!id && method === "GET") return send(200, realm.groups);
      if (!id && method === "POST") {
        const group = json() as unknown as GroupRepresentation;
        if (realm.groups.some((g) => g.name === group.name)) return send(409);
        realm.groups.push({ ...group, id: randomUUID() });
        return wrote(201);
      }
      if (id && method === "DELETE") {
        realm.groups = realm.groups.filter((g) => g.id !== id);
        for (const user of realm.users) user.memberOf.delete(id);
        return wrote();
      }
    }
    if (kind === "users") {
      const user = realm.users.find((u) => u.id === id);
      if (!id && method === "GET") return send(200, realm.users.map(({ memberOf: _, credentials: __, ...u }) => u));
      if (!id && method === "POST") {
        const made = json() as unknown as UserRepresentation;
        if (realm.users.some((u) => u.username === made.username)) return send(409);
        realm.users.push({ ...made, id: randomUUID(), memberOf: new Set() });
        return wrote(201);
      }
      if (!user) return send(404);
      if (!sub && method === "PUT") {
        Object.assign(user, json(), { id: user.id, memberOf: user.memberOf });
        return wrote();
      }
      if (!sub && method === "DELETE") {
        realm.users = realm.users.filter((u) => u !== user);
        return wrote();
      }
      if (sub === "groups" && !subId && method === "GET") return send(200, realm.groups.filter((g) => user.memberOf.has(g.id!)));
      if (sub === "groups" && subId && method === "PUT") {
        user.memberOf.add(subId);
        return wrote();
      }
      if (sub === "groups" && subId && method === "DELETE") {
        user.memberOf.delete(subId);
        return wrote();
      }
    }
    if (kind === "clients") {
      const client = realm.clients.find((c) => c.id === id);
      if (!id && method === "GET") return send(200, realm.clients.map(({ secret: _, ...c }) => c));
      if (!id && method === "POST") {
        const made = json() as unknown as ClientRepresentation;
        if (realm.clients.some((c) => c.clientId === made.clientId)) return send(409);
        realm.clients.push({ ...made, id: randomUUID() });
        return wrote(201);
      }
      if (!client) return send(404);
      if (sub === "client-secret" && method === "GET") return send(200, { type: "secret", value: client.secret });
      if (!sub && method === "PUT") {
        Object.assign(client, json(), { id: client.id });
        return wrote();
      }
      if (!sub && method === "DELETE") {
        realm.clients = realm.clients.filter((c) => c !== client);
        return wrote();
      }
    }
    send(405);
  }
}
