import type { Check, CheckResult } from "./check";
import type { HttpsClient } from "./https-client";

/** Runs every check at once; each passes or fails on its own, within its own time. */
export function runChecks(checks: readonly Check[], client: HttpsClient): Promise<CheckResult[]> {
  return Promise.all(checks.map((check) => runCheck(check, client)));
}

async function runCheck(check: Check, client: HttpsClient): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${check.timeoutMs / 1000} s`)), check.timeoutMs);
  });
  try {
    const detail = await Promise.race([check.run(client), deadline]);
    return { name: check.name, url: check.url, passed: true, detail };
  } catch (error) {
    return { name: check.name, url: check.url, passed: false, detail: describeError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** TLS and network errors in words that point at the cause. */
export function describeError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
      return `certificate not signed by the stack's CA (${code})`;
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return "certificate does not name this host";
    case "CERT_HAS_EXPIRED":
      return "certificate expired";
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
      return "host not found: add the hostsEntries output to DNS or the hosts file";
    default:
      return message ?? String(error);
  }
}
