import { describe, expect, it } from "vitest";
import { describeError, runChecks } from "./run-checks";

const client = () => Promise.reject(new Error("unused"));

describe("runChecks", () => {
  it("reports each check's detail, and a check that never finishes as failed once its time is up", async () => {
    const results = await runChecks(
      [
        { name: "quick", url: "https://a", timeoutMs: 10_000, run: async () => "fine" },
        { name: "stuck", url: "https://b", timeoutMs: 50, run: () => new Promise<string>(() => undefined) },
        { name: "broken", url: "https://c", timeoutMs: 10_000, run: () => Promise.reject(Object.assign(new Error("x"), { code: "ECONNREFUSED" })) },
      ],
      client,
    );
    expect(results).toEqual([
      { name: "quick", url: "https://a", passed: true, detail: "fine" },
      { name: "stuck", url: "https://b", passed: false, detail: "no answer within 0.05 s" },
      { name: "broken", url: "https://c", passed: false, detail: "connection refused" },
    ]);
  });
});

describe("describeError", () => {
  it("says what a TLS or network error means", () => {
    expect(describeError(Object.assign(new Error(), { code: "ERR_TLS_CERT_ALTNAME_INVALID" }))).toBe("certificate does not name this host");
    expect(describeError(Object.assign(new Error(), { code: "ENOTFOUND" }))).toBe("host not found: add the hostsEntries output to DNS or the hosts file");
    expect(describeError(new Error("HTTP 500"))).toBe("HTTP 500");
  });
});
