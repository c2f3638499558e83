/** Who is calling, as established by an API key or an OIDC token. */
export interface Principal {
  readonly user: string;
  readonly groups: readonly string[];
  readonly method: "api-key" | "oidc";
}
