/**
 * The parts of Keycloak's admin REST API the sync uses, over fetch. Field names are
 * Keycloak's own representations (GroupRepresentation, UserRepresentation,
 * ClientRepresentation), reduced to what the sync reads and writes.
 */

export interface GroupRepresentation {
  id?: string;
  name: string;
  attributes?: Record<string, string[]>;
}

export interface UserRepresentation {
  id?: string;
  username: string;
  email?: string;
  firstName?: string;
  enabled?: boolean;
  emailVerified?: boolean;
  attributes?: Record<string, string[]>;
  credentials?: { type: "password"; value: string; temporary: boolean }[];
  groups?: string[];
}

export interface ProtocolMapperRepresentation {
  name: string;
  protocol: "openid-connect";
  protocolMapper: string;
  config: Record<string, string>;
}

export interface ClientRepresentation {
  id?: string;
  clientId: string;
  protocol?: "openid-connect";
  publicClient?: boolean;
  secret?: string;
  redirectUris?: string[];
  webOrigins?: string[];
  standardFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  attributes?: Record<string, string>;
  protocolMappers?: ProtocolMapperRepresentation[];
}

/** A failed call, with what Keycloak answered. */
export class KeycloakError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    body: string,
  ) {
    super(`${method} ${path}: HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ""}`);
  }
}

export interface AdminLogin {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

/** An admin session: every call carries the token of the `master` realm's admin. */
export class KeycloakAdmin {
  private constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /** Logs in through `admin-cli` with the admin's password. */
  static async login(login: AdminLogin): Promise<KeycloakAdmin> {
    const path = "/realms/master/protocol/openid-connect/token";
    const body = new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: login.username, password: login.password });
    const response = await fetch(`${login.url}${path}`, { method: "POST", body });
    if (!response.ok) throw new KeycloakError("POST", path, response.status, await response.text());
    const { access_token: token } = (await response.json()) as { access_token: string };
    return new KeycloakAdmin(login.url, token);
  }

  async realmExists(realm: string): Promise<boolean> {
    return (await this.call("GET", `/admin/realms/${realm}`, undefined, [404])) !== undefined;
  }

  async createRealm(realm: string): Promise<void> {
    await this.call("POST", "/admin/realms", { realm, enabled: true });
  }

  groups(realm: string): Promise<GroupRepresentation[]> {
    return this.call("GET", `/admin/realms/${realm}/groups?briefRepresentation=false&max=1000`) as Promise<GroupRepresentation[]>;
  }

  async createGroup(realm: string, group: GroupRepresentation): Promise<void> {
    await this.call("POST", `/admin/realms/${realm}/groups`, group);
  }

  async deleteGroup(realm: string, id: string): Promise<void> {
    await this.call("DELETE", `/admin/realms/${realm}/groups/${id}`);
  }

  users(realm: string): Promise<UserRepresentation[]> {
    return this.call("GET", `/admin/realms/${realm}/users?briefRepresentation=false&max=10000`) as Promise<UserRepresentation[]>;
  }

  async createUser(realm: string, user: UserRepresentation): Promise<void> {
    await this.call("POST", `/admin/realms/${realm}/users`, user);
  }

  async updateUser(realm: string, id: string, user: UserRepresentation): Promise<void> {
    await this.call("PUT", `/admin/realms/${realm}/users/${id}`, user);
  }

  async deleteUser(realm: string, id: string): Promise<void> {
    await this.call("DELETE", `/admin/realms/${realm}/users/${id}`);
  }

  userGroups(realm: string, id: string): Promise<GroupRepresentation[]> {
    return this.call("GET", `/admin/realms/${realm}/users/${id}/groups`) as Promise<GroupRepresentation[]>;
  }

  async joinGroup(realm: string, userId: string, groupId: string): Promise<void> {
    await this.call("PUT", `/admin/realms/${realm}/users/${userId}/groups/${groupId}`);
  }

  async leaveGroup(realm: string, userId: string, groupId: string): Promise<void> {
    await this.call("DELETE", `/admin/realms/${realm}/users/${userId}/groups/${groupId}`);
  }

  clients(realm: string): Promise<ClientRepresentation[]> {
    return this.call("GET", `/admin/realms/${realm}/clients`) as Promise<ClientRepresentation[]>;
  }

  async clientSecret(realm: string, id: string): Promise<string | undefined> {
    const answer = (await this.call("GET", `/admin/realms/${realm}/clients/${id}/client-secret`)) as { value?: string };
    return answer.value;
  }

  async createClient(realm: string, client: ClientRepresentation): Promise<void> {
    await this.call("POST", `/admin/realms/${realm}/clients`, client);
  }

  async updateClient(realm: string, id: string, client: ClientRepresentation): Promise<void> {
    await this.call("PUT", `/admin/realms/${realm}/clients/${id}`, client);
  }

  async deleteClient(realm: string, id: string): Promise<void> {
    await this.call("DELETE", `/admin/realms/${realm}/clients/${id}`);
  }

  /** One call; an answer in `absent` gives undefined, any other failure throws. */
  private async call(method: string, path: string, body?: unknown, absent: readonly number[] = []): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined && { "content-type": "application/json" }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (absent.includes(response.status)) return undefined;
    const text = await response.text();
    if (!response.ok) throw new KeycloakError(method, path, response.status, text);
    return text ? (JSON.parse(text) as unknown) : {};
  }
}
