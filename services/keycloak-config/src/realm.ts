/**
 * What the platform declares (the Job's REALM document, without secrets) and the
 * secrets that go with it (SECRETS, from a Secret): the shapes the program writes.
 */
export interface DeclaredRealm {
  readonly realm: string;
  readonly groups: readonly string[];
  readonly users: readonly DeclaredUser[];
  readonly clients: readonly DeclaredClient[];
}

export interface DeclaredUser {
  readonly username: string;
  readonly email: string;
  readonly firstName?: string;
  readonly groups: readonly string[];
}

export interface DeclaredClient {
  readonly clientId: string;
  readonly redirectUris: readonly string[];
}

export interface RealmSecrets {
  /** Client id → client secret. */
  readonly clients: Readonly<Record<string, string>>;
  /** Username → first password, set once when the person is made; they must change it. */
  readonly initialPasswords: Readonly<Record<string, string>>;
}

/**
 * Marks what the platform made: only marked groups, users and clients are changed or
 * removed, so what someone made by hand in the same realm is left alone.
 */
export const MANAGED_ATTRIBUTE = "homelab-managed";
