/** Who is calling, as established by an API key or an OIDC token. */
export interface Principal {
  /**
   * The user with how they signed in, `key:<name>` or `oidc:<sub>`, so an
   * identity provider's subject can never be taken for an API-key user of the
   * same name. Conversations, limits, logs and metrics all key on it.
   */
  readonly user: string;
  readonly groups: readonly string[];
  readonly method: "api-key" | "oidc";
  /**
   * For a person named by a trusted front end (Open WebUI), that front end's key user. Such a
   * person's groups are the key's, not their own, so they never make the person an admin.
   */
  readonly forwardedBy?: string;
}
