import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { renderComponent, resource } from "../../render/harness";
import { Secret } from "../../render/secret";
import { CredentialRegistry, deliverAtOnce, plainSecrets, type Credential, type CredentialDelivery } from "./credentials";

class Owner extends pulumi.ComponentResource {
  constructor(name: string) {
    super("homelab:test:Owner", name);
  }
}

function credential(parent: pulumi.Resource, name = "app-login"): Credential {
  return { resourceName: name, secretName: name, namespace: "apps", data: { password: pulumi.secret("s3cret") }, parent, dependsOn: [] };
}

describe("credentials", () => {
  it("delivers as a plain Secret under the component that asked, its values secret", async () => {
    const recording = await renderComponent(() => {
      const owner = new Owner("owner");
      return deliverAtOnce().request(credential(owner));
    });
    const secret = resource(recording, "kubernetes:core/v1:Secret", "app-login");
    expect(secret.parent).toBe("owner");
    expect(secret.inputs.metadata).toEqual({ name: "app-login", namespace: "apps" });
    expect(secret.inputs.stringData).toBeInstanceOf(Secret);
  });

  it("holds every request until the way of delivery is known, then delivers each with it", async () => {
    const registry = new CredentialRegistry();
    const seen: string[] = [];
    const recording: CredentialDelivery = { deliver: (c) => (seen.push(c.secretName), plainSecrets.deliver(c)) };
    let owner: Owner | undefined;
    await renderComponent(async () => {
      owner = new Owner("owner");
      const first = registry.request(credential(owner, "first"));
      const second = registry.request(credential(owner, "second"));
      expect(seen).toEqual([]);
      registry.deliverAll(recording);
      await Promise.all([first, second]);
    });
    expect(seen).toEqual(["first", "second"]);
    expect(() => registry.request(credential(owner!, "late"))).toThrow(
      "credential late in apps is asked for after credentials were delivered",
    );
  });
});
