import { describe, expect, it } from "vitest";
import { hostAddresses, parseOutputs } from "./outputs";

describe("parseOutputs", () => {
  it("keeps what the checks need and ignores the rest", () => {
    const outputs = parseOutputs({ endpoints: { chat: "https://chat.lab.test" }, credentials: {}, kubeContext: "minikube" }, "x.json");
    expect(outputs).toEqual({ endpoints: { chat: "https://chat.lab.test" }, hostsEntries: [] });
  });

  it("names every problem with its output", () => {
    expect(() => parseOutputs({ endpoints: { chat: "not a url" }, caCertificate: "nope" }, "x.json")).toThrow(
      /the stack outputs from x\.json are not what the smoke test needs:\n {2}- endpoints\.chat: .*\n {2}- caCertificate: /,
    );
  });
});

describe("hostAddresses", () => {
  it("maps each host of each line to its address", () => {
    expect(hostAddresses(["192.168.49.200 chat.lab.test", "10.0.0.1  a.lab.test B.lab.test", ""])).toEqual(
      new Map([["chat.lab.test", "192.168.49.200"], ["a.lab.test", "10.0.0.1"], ["b.lab.test", "10.0.0.1"]]),
    );
  });
});
