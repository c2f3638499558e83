import { hash, timingSafeEqual } from "node:crypto";

export interface ApiKey {
  readonly user: string;
  readonly key: string;
}

/** Parses `API_KEYS`: comma-separated `user:key` pairs. */
export function parseApiKeys(raw: string | undefined): ApiKey[] {
  const entries = (raw ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  return entries.map((entry, index) => {
    const separator = entry.indexOf(":");
    const user = entry.slice(0, separator).trim();
    const key = entry.slice(separator + 1).trim();
    if (separator === -1 || !user || !key) {
      // The entry holds a secret, so the message points at its position, never at its text.
      throw new Error(`API_KEYS: entry ${index + 1} is not of the form user:key`);
    }
    return { user, key };
  });
}

/**
 * Finds the user a presented key belongs to. Every configured key is compared,
 * in constant time over fixed-length digests, so neither the position of a match
 * nor the length of a key shows in the response time.
 */
export class ApiKeyVerifier {
  readonly #entries: { user: string; digest: Buffer }[];

  constructor(
    keys: readonly ApiKey[],
    /** API_KEY_GROUPS: the groups each key's user is in, for group quotas. */
    private readonly groups: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    this.#entries = keys.map(({ user, key }) => ({ user, digest: digest(key) }));
  }

  groupsOf(user: string): readonly string[] {
    return this.groups.get(user) ?? [];
  }

  get size(): number {
    return this.#entries.length;
  }

  userFor(presented: string): string | undefined {
    const presentedDigest = digest(presented);
    let user: string | undefined;
    for (const entry of this.#entries) {
      if (timingSafeEqual(entry.digest, presentedDigest) && user === undefined) user = entry.user;
    }
    return user;
  }
}

/** One-shot hashing: a Hash object per request cost more than the digest itself. */
function digest(value: string): Buffer {
  return hash("sha256", value, "buffer");
}
