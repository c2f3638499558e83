import { describe, expect, it } from "vitest";
import { poolFromApiServer } from "./node-pool";

describe("poolFromApiServer", () => {
  it("takes the top of the node's /24 (minikube's docker driver)", () => {
    expect(poolFromApiServer("https://192.168.49.2:8443")).toEqual({ ok: true, node: "192.168.49.2", addresses: "192.168.49.200-192.168.49.250" });
  });

  it("follows the node to another network", () => {
    expect(poolFromApiServer("https://192.168.58.2:8443")).toMatchObject({ addresses: "192.168.58.200-192.168.58.250" });
  });

  it("stays clear of a node that sits at the top", () => {
    expect(poolFromApiServer("https://10.0.5.210:8443")).toMatchObject({ addresses: "10.0.5.150-10.0.5.199" });
  });

  it("refuses a forwarded port on this machine, a name, and what is no URL", () => {
    expect(poolFromApiServer("https://127.0.0.1:52841")).toMatchObject({ ok: false, reason: expect.stringContaining("Docker Desktop") });
    expect(poolFromApiServer("https://minikube.local:8443")).toMatchObject({ ok: false, reason: expect.stringContaining("named") });
    expect(poolFromApiServer("192.168.49.2")).toMatchObject({ ok: false, reason: expect.stringContaining("not a URL") });
  });
});
