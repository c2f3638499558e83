import { describe, expect, it } from "vitest";
import { planChecks } from "./plan";

const endpoints = { chat: "https://chat.lab.test", llm: "https://llm.lab.test", s3: "https://s3.lab.test", keycloak: "https://keycloak.lab.test" };

describe("planChecks", () => {
  it("checks what each known endpoint serves, the gateway twice, and that the others answer", () => {
    const checks = planChecks({ endpoints, hostsEntries: [], llm: { url: "https://llm.lab.test/v1/", apiKeys: { bob: "b", alice: "a" } } });
    expect(checks.map((c) => [c.name, c.url])).toEqual([
      ["chat login page", "https://chat.lab.test/auth"],
      ["llm models", "https://llm.lab.test/v1/models"],
      ["llm completion", "https://llm.lab.test/v1/chat/completions"],
      ["s3", "https://s3.lab.test"],
      ["keycloak discovery", "https://keycloak.lab.test/realms/master/.well-known/openid-configuration"],
    ]);
  });

  it("gives the completion more time than a plain request", () => {
    const checks = planChecks({ endpoints, hostsEntries: [], llm: { url: "https://llm.lab.test/v1", apiKeys: { a: "k" } } }, { requestMs: 1000, completionMs: 9000 });
    expect(checks.find((c) => c.name === "llm completion")!.timeoutMs).toBe(9000);
    expect(checks.find((c) => c.name === "s3")!.timeoutMs).toBe(1000);
  });

  it("only checks that the llm endpoint answers when the stack has no gateway keys", () => {
    expect(planChecks({ endpoints: { llm: "https://llm.lab.test" }, hostsEntries: [] }).map((c) => c.name)).toEqual(["llm"]);
  });
});
