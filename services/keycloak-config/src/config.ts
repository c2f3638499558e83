import type { AdminLogin } from "./keycloak-admin.ts";
import type { DeclaredRealm, RealmSecrets } from "./realm.ts";

export interface SyncConfig {
  readonly login: AdminLogin;
  readonly realm: DeclaredRealm;
  readonly secrets: RealmSecrets;
  /** How long Keycloak may take to answer the first login. */
  readonly deadlineSeconds: number;
}

/** The Job's environment, each problem named by its variable; throws with all of them. */
export function readConfig(env: NodeJS.ProcessEnv): SyncConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name];
    if (!value) problems.push(`${name} is not set`);
    return value ?? "";
  };
  const json = <T>(name: string, check: (value: unknown) => value is T): T | undefined => {
    const text = required(name);
    if (!text) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      if (check(value)) return value;
      problems.push(`${name} is not the expected document`);
    } catch (error) {
      problems.push(`${name} is not JSON: ${(error as Error).message}`);
    }
    return undefined;
  };
  const url = required("KEYCLOAK_URL").replace(/\/+$/, "");
  const username = required("KEYCLOAK_ADMIN_USERNAME");
  const password = required("KEYCLOAK_ADMIN_PASSWORD");
  const realm = json("REALM", isRealm);
  const secrets = json("SECRETS", isSecrets);
  const deadlineSeconds = Number(env.DEADLINE_SECONDS ?? "300");
  if (!Number.isInteger(deadlineSeconds) || deadlineSeconds < 1) problems.push(`DEADLINE_SECONDS: got "${env.DEADLINE_SECONDS}", expected a whole number of seconds`);
  if (problems.length > 0 || !realm || !secrets) throw new Error(problems.join("; "));
  return { login: { url, username, password }, realm, secrets, deadlineSeconds };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

function isRealm(v: unknown): v is DeclaredRealm {
  return (
    isRecord(v) &&
    typeof v.realm === "string" &&
    isStrings(v.groups) &&
    Array.isArray(v.users) &&
    v.users.every((u) => isRecord(u) && typeof u.username === "string" && typeof u.email === "string" && isStrings(u.groups)) &&
    Array.isArray(v.clients) &&
    v.clients.every((c) => isRecord(c) && typeof c.clientId === "string" && isStrings(c.redirectUris))
  );
}

function isSecrets(v: unknown): v is RealmSecrets {
  const stringMap = (m: unknown) => isRecord(m) && Object.values(m).every((x) => typeof x === "string");
  return isRecord(v) && stringMap(v.clients) && stringMap(v.initialPasswords);
}
