/**
 * Parses `API_KEY_GROUPS`: comma-separated `user=group` pairs, a user listed once per group
 * (`ci=batch,alice=admins,alice=staff`). API keys carry no groups of their own, so this is
 * how group quotas reach them, and the people behind a forwarding key (Open WebUI's).
 */
export function parseApiKeyGroups(raw: string | undefined, keyUsers: ReadonlySet<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const entry of (raw ?? "").split(",").map((part) => part.trim()).filter(Boolean)) {
    const [user = "", group = "", ...rest] = entry.split("=").map((part) => part.trim());
    if (!user || !group || rest.length > 0) throw new Error(`API_KEY_GROUPS: "${entry}" is not of the form user=group (e.g. open-webui=chat)`);
    if (!keyUsers.has(user)) throw new Error(`API_KEY_GROUPS: "${user}" is not a user in API_KEYS; users: ${[...keyUsers].join(", ") || "none"}`);
    groups.set(user, [...(groups.get(user) ?? []), group]);
  }
  return groups;
}
