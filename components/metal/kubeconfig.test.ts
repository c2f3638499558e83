import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kubeconfigYaml } from "./kubeconfig";

describe("kubeconfigYaml", () => {
  it("points at the VIP, trusts the server CA and logs in with the client certificate", () => {
    const config = parse(
      kubeconfigYaml({ name: "homelab", server: "https://10.0.10.10:6443", caCertPem: "CA\n", clientCertPem: "CERT\n", clientKeyPem: "KEY\n" }),
    );
    const decode = (b64: string) => Buffer.from(b64, "base64").toString();
    expect(config["current-context"]).toBe("homelab");
    expect(config.contexts).toEqual([{ name: "homelab", context: { cluster: "homelab", user: "homelab" } }]);
    expect(config.clusters[0].cluster.server).toBe("https://10.0.10.10:6443");
    expect(decode(config.clusters[0].cluster["certificate-authority-data"])).toBe("CA\n");
    expect(decode(config.users[0].user["client-certificate-data"])).toBe("CERT\n");
    expect(decode(config.users[0].user["client-key-data"])).toBe("KEY\n");
  });
});
