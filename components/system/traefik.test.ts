import { describe, expect, it } from "vitest";
import { traefikValues } from "./traefik";

describe("traefikValues", () => {
  const values = traefikValues({ sizing: "lean", loadBalancer: "metallb", address: "192.168.49.200", tcpEntryPoints: { ssh: 2222 } });

  it("gives HTTPS uploads an hour to arrive, so S3 PUTs and Open WebUI uploads are not cut at Traefik 3's 60 s", () => {
    expect(values.ports.websecure).toEqual({ transport: { respondingTimeouts: { readTimeout: "1h", writeTimeout: "0s", idleTimeout: "180s" } } });
  });

  it("keeps plain HTTP, which only redirects and answers challenges, on short timeouts", () => {
    expect(values.ports.web).toEqual({ transport: { respondingTimeouts: { readTimeout: "60s", writeTimeout: "60s", idleTimeout: "180s" } } });
  });

  it("lets connections on the extra TCP entry points stay quiet as long as they like", () => {
    expect((values.ports as Record<string, unknown>).ssh).toMatchObject({ port: 2222, transport: { respondingTimeouts: { readTimeout: "0s", writeTimeout: "0s", idleTimeout: "0s" } } });
  });
});
