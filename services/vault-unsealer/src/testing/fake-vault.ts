import { randomBytes } from "node:crypto";
import { type Call, JsonServer } from "./json-server.ts";
import type { TestCertificate } from "./tls.ts";

/** A Vault pod's own state; the cluster's (keys, data) is shared by every pod of a FakeVault. */
interface Pod {
  readonly server: JsonServer;
  sealed: boolean;
  progress: string[];
}

/**
 * Vault's HTTP API as the unsealer and the configuration see it, over HTTPS, one server per
 * pod: `sys/init`, `sys/seal-status`, `sys/unseal` with Shamir keys (one share, as the
 * unsealer asks), and the configuration endpoints behind a token (see `handleConfig`).
 */
/** `{name}` → `{"name/": value}`, as Vault lists mounts and auth methods. */
function prefixed(map: Map<string, unknown>): Record<string, unknown> {
  return Object.fromEntries([...map].map(([name, value]) => [`${name}/`, value]));
}

/** The first step of a path below a folder, as a KV list names it: `a` or `a/`. */
function childOf(rest: string): string {
  const slash = rest.indexOf("/");
  return slash === -1 ? rest : rest.slice(0, slash + 1);
}

export class FakeVault {
  initialized = false;
  unsealKey = "";
  rootToken = "";
  readonly pods: Pod[] = [];
  /** Requests that needed a token and carried an unknown one: a test asserts there are none. */
  readonly refused: string[] = [];
  /** Every other token Vault has handed out, with its policies. */
  readonly tokens = new Map<string, readonly string[]>();
  readonly mounts = new Map<string, { type: string; options?: Record<string, string> }>();
  readonly auths = new Map<string, { type: string; description?: string }>();
  readonly audits = new Map<string, { type: string; options: Record<string, string> }>();
  readonly policies = new Map<string, string>();
  readonly roles = new Map<string, Record<string, unknown>>();
  readonly kubernetesAuthConfig: Record<string, unknown>[] = [];
  /** `auth/oidc/config` as written, the client's secret included (Vault keeps it but never answers it). */
  oidcConfig: Record<string, unknown> | undefined;
  /** Whether the OIDC issuer answers Vault's discovery request; a write of `auth/oidc/config` fails as Vault's does when not. */
  issuerAnswers = true;
  readonly oidcRoles = new Map<string, Record<string, unknown>>();
  /** KV v2 under mount `kv`: path → current data. */
  readonly kv = new Map<string, Record<string, string>>();
  /** Writes that changed something, in order: `PUT sys/policies/acl/x`; a second apply with no change adds none. */
  readonly writes: string[] = [];

  private constructor(private readonly certificate: TestCertificate) {}

  static async start(certificate: TestCertificate, pods = 1): Promise<FakeVault> {
    const vault = new FakeVault(certificate);
    for (let index = 0; index < pods; index++) await vault.addPod();
    return vault;
  }

  /** Every pod's address, in pod order. */
  addresses(): string[] {
    return this.pods.map((pod) => pod.server.url);
  }

  /** What a restart or a node reboot does: every pod comes back sealed. */
  restart(): void {
    for (const pod of this.pods) {
      pod.sealed = true;
      pod.progress = [];
    }
  }

  /** Issues a token with these policies, as a login would. */
  issueToken(policies: readonly string[]): string {
    const token = `hvs.${randomBytes(8).toString("hex")}`;
    this.tokens.set(token, policies);
    return token;
  }

  close(): Promise<void[]> {
    return Promise.all(this.pods.map((pod) => pod.server.close()));
  }

  private async addPod(): Promise<void> {
    let pod: Pod | undefined;
    const server = await JsonServer.start(this.certificate, (call) => this.handle(pod!, call));
    pod = { server, sealed: true, progress: [] };
    this.pods.push(pod);
  }

  private handle(pod: Pod, call: Call): { status: number; body?: unknown } {
    const path = call.path.replace(/^\/v1\//, "");
    if (call.method === "GET" && path === "sys/seal-status") return { status: 200, body: this.sealStatus(pod) };
    if (call.method === "PUT" && path === "sys/init") return this.init(call.body as { secret_shares: number; secret_threshold: number });
    if (call.method === "PUT" && path === "sys/unseal") return this.unseal(pod, (call.body as { key: string }).key);
    if (pod.sealed) return { status: 503, body: { errors: ["Vault is sealed"] } };
    return this.handleConfig(call, path);
  }

  /** The configuration endpoints, behind a token; lists answer `?list=true` as Vault does. */
  private handleConfig(call: Call, path: string): { status: number; body?: unknown } {
    const [route, query] = path.split("?") as [string, string | undefined];
    const list = query === "list=true";
    if (call.method === "POST" && route === "auth/kubernetes/login") return this.login(call.body as { role: string; jwt: string });
    const token = call.headers["x-vault-token"];
    if (typeof token !== "string" || !this.tokens.has(token)) {
      this.refused.push(`${call.method} ${path}`);
      return { status: 403, body: { errors: ["permission denied"] } };
    }
    const write = (what: string) => this.writes.push(`${call.method} ${route}${what}`);
    const body = call.body as Record<string, unknown>;
    const table = (
      map: Map<string, unknown>,
      prefix: string,
      read: (value: unknown, name: string) => unknown,
      store: (name: string) => unknown,
    ): { status: number; body?: unknown } | undefined => {
      if (route === prefix.slice(0, -1) && list) {
        const keys = [...map.keys()];
        return keys.length > 0 ? { status: 200, body: { data: { keys } } } : { status: 404, body: { errors: [] } };
      }
      if (!route.startsWith(prefix)) return undefined;
      const name = route.slice(prefix.length);
      if (call.method === "GET") return map.has(name) ? { status: 200, body: { data: read(map.get(name), name) } } : { status: 404, body: { errors: [] } };
      if (call.method === "DELETE") {
        map.delete(name);
        write("");
        return { status: 204 };
      }
      map.set(name, store(name));
      write("");
      return { status: 204 };
    };
    if (call.method === "GET" && route === "sys/auth") return { status: 200, body: { data: prefixed(this.auths) } };
    if (call.method === "GET" && route === "sys/mounts") return { status: 200, body: { data: prefixed(this.mounts) } };
    if (call.method === "GET" && route === "sys/audit") return { status: 200, body: { data: prefixed(this.audits) } };
    if (route === "auth/kubernetes/config") {
      this.kubernetesAuthConfig.push(body);
      return { status: 204 };
    }
    if (route === "auth/oidc/config" && this.auths.has("oidc")) {
      if (call.method === "GET") {
        if (!this.oidcConfig) return { status: 404, body: { errors: [] } };
        const { oidc_client_secret: _secret, ...shown } = this.oidcConfig;
        return { status: 200, body: { data: { jwks_url: "", namespace_in_state: true, ...shown } } };
      }
      if (!this.issuerAnswers) {
        return { status: 400, body: { errors: [`error checking oidc discovery URL: Get "${String(body.oidc_discovery_url)}/.well-known/openid-configuration": dial tcp: connection refused`] } };
      }
      this.oidcConfig = body;
      write("");
      return { status: 204 };
    }
    if (call.method === "DELETE" && route === "sys/auth/oidc") {
      // Disabling a method deletes everything below it.
      this.oidcConfig = undefined;
      this.oidcRoles.clear();
    }
    const oidcRoles = this.auths.has("oidc")
      ? table(this.oidcRoles as Map<string, unknown>, "auth/oidc/role/", (role) => ({ clock_skew_leeway: 0, verbose_oidc_logging: false, ...(role as object) }), () => body)
      : undefined;
    if (oidcRoles) return oidcRoles;
    const enabled =
      table(this.auths as Map<string, unknown>, "sys/auth/", (v) => v, () => ({ type: body.type, ...(body.description !== undefined && { description: body.description }) })) ??
      table(this.mounts as Map<string, unknown>, "sys/mounts/", (v) => v, () => ({ type: body.type, options: body.options })) ??
      table(this.audits as Map<string, unknown>, "sys/audit/", (v) => v, () => ({ type: body.type, options: body.options }));
    if (enabled) return enabled;
    const policies = table(this.policies as Map<string, unknown>, "sys/policies/acl/", (policy, name) => ({ name, policy }), () => body.policy);
    if (policies) return policies;
    const roles = table(
      this.roles as Map<string, unknown>,
      "auth/kubernetes/role/",
      // Vault answers with every field, its defaults included.
      (role) => ({ alias_name_source: "serviceaccount_uid", token_type: "default", ...(role as object) }),
      () => body,
    );
    if (roles) return roles;
    if (route.startsWith("kv/data/") && this.mounts.has("kv")) {
      const secret = route.slice("kv/data/".length);
      if (call.method === "GET") {
        const data = this.kv.get(secret);
        return data ? { status: 200, body: { data: { data, metadata: { version: 1 } } } } : { status: 404, body: { errors: [] } };
      }
      this.kv.set(secret, (body as { data: Record<string, string> }).data);
      write("");
      return { status: 200, body: { data: { version: 1 } } };
    }
    if (route.startsWith("kv/metadata/") && this.mounts.has("kv")) {
      const folder = route.slice("kv/metadata/".length);
      if (call.method === "DELETE") {
        this.kv.delete(folder);
        write("");
        return { status: 204 };
      }
      if (list) {
        const keys = [...new Set([...this.kv.keys()].filter((p) => p.startsWith(`${folder}/`)).map((p) => childOf(p.slice(folder.length + 1))))];
        return keys.length > 0 ? { status: 200, body: { data: { keys } } } : { status: 404, body: { errors: [] } };
      }
    }
    return { status: 404, body: { errors: [`no handler for ${call.method} ${path}`] } };
  }

  /** Kubernetes auth login: the JWT names its service account as `<namespace>/<name>` (a real one is checked by the API server). */
  private login(body: { role: string; jwt: string }) {
    const role = this.roles.get(body.role) as { bound_service_account_names: string[]; bound_service_account_namespaces: string[]; token_policies: string[] } | undefined;
    const [namespace, name] = body.jwt.split("/");
    if (!role || !role.bound_service_account_namespaces.includes(namespace!) || !role.bound_service_account_names.includes(name!)) {
      return { status: 403, body: { errors: ["permission denied"] } };
    }
    return { status: 200, body: { auth: { client_token: this.issueToken(role.token_policies), policies: role.token_policies } } };
  }

  private sealStatus(pod: Pod) {
    return { type: "shamir", initialized: this.initialized, sealed: pod.sealed, t: 1, n: 1, progress: pod.progress.length };
  }

  private init(body: { secret_shares: number; secret_threshold: number }) {
    if (this.initialized) return { status: 400, body: { errors: ["Vault is already initialized"] } };
    if (body.secret_shares !== 1 || body.secret_threshold !== 1) return { status: 400, body: { errors: ["this fake makes one share"] } };
    this.initialized = true;
    this.unsealKey = randomBytes(32).toString("base64");
    this.rootToken = `hvs.root-${randomBytes(8).toString("hex")}`;
    this.tokens.set(this.rootToken, ["root"]);
    return { status: 200, body: { keys: [Buffer.from(this.unsealKey, "base64").toString("hex")], keys_base64: [this.unsealKey], root_token: this.rootToken } };
  }

  private unseal(pod: Pod, key: string) {
    if (!this.initialized) return { status: 400, body: { errors: ["Vault is not initialized"] } };
    if (key !== this.unsealKey) return { status: 400, body: { errors: ["Error unsealing: cipher: message authentication failed"] } };
    pod.sealed = false;
    pod.progress = [];
    return { status: 200, body: this.sealStatus(pod) };
  }
}
