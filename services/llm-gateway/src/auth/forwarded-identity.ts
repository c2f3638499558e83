import { ApiError } from "../http/api-error.ts";
import type { Principal } from "./principal.ts";

/** The header Open WebUI sends with ENABLE_FORWARD_USER_INFO_HEADERS: its id of the signed-in person. */
export const FORWARDED_USER_HEADER = "x-openwebui-user-id";

const idPattern = /^[A-Za-z0-9._@+-]{1,128}$/;

/**
 * The person behind a trusted front end's key. Open WebUI calls with one key
 * for everybody; with its key named in FORWARDED_IDENTITY_USERS, the person it
 * names becomes the user (`key:open-webui/<id>`), so limits, the fair queue,
 * usage and quotas apply per person; the person is in the key's groups
 * (API_KEY_GROUPS), so group quotas hold for each. Any other key's header is ignored, so
 * nobody can pass for somebody else by sending it.
 */
export function withForwardedIdentity(principal: Principal, trustedKeyUsers: ReadonlySet<string>, header: string | undefined): Principal {
  if (principal.method !== "api-key" || header === undefined || !trustedKeyUsers.has(principal.user)) return principal;
  const id = header.trim();
  if (!idPattern.test(id)) {
    throw new ApiError(400, `invalid ${FORWARDED_USER_HEADER} header: expected 1 to 128 letters, digits or . _ @ + -`, {
      param: FORWARDED_USER_HEADER,
    });
  }
  return { ...principal, user: `${principal.user}/${id}`, forwardedBy: principal.user };
}
