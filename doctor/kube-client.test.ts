import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KubeClient, KubeStatusError } from "./kube-client";
import { selfSigned } from "./testing/certificates";
import { healthyMinikube } from "./testing/cluster-objects";
import { FakeKubeApi } from "./testing/fake-kube-api";

const scratch = mkdtempSync(join(tmpdir(), "homelab-kube-client-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the kube client", () => {
  it("keeps the server URL's path, as a proxy in front of the API needs, and reports a refusal with the server's message", async () => {
    const server = selfSigned(scratch, "server", "/CN=api", ["subjectAltName=IP:127.0.0.1", "basicConstraints=critical,CA:TRUE"]);
    const api = await FakeKubeApi.start(server, server.cert, "token", healthyMinikube());
    try {
      const client = (token: string) => new KubeClient({ context: "c", source: "test", server: `${api.url}/proxy`, ca: server.cert, insecure: false, token });
      expect(await client("token").get("/version")).toMatchObject({ status: 404 });
      expect(api.paths).toEqual(["/proxy/version"]);
      const refused = await client("wrong").read("/api/v1/nodes").catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(KubeStatusError);
      expect((refused as Error).message).toBe("GET /api/v1/nodes answered 401: Unauthorized");
    } finally {
      await api.close();
    }
  });
});
