import { describe, expect, it } from "vitest";
import { renderComponent, resource } from "../../render/harness";
import { EndpointRegistry } from "./endpoints";
import { exposeService } from "./expose-service";
import type { Exposure } from "./exposure";

function exposure(endpoints: EndpointRegistry): Exposure {
  return { domain: "lab.home.arpa", address: "10.0.0.200", endpoints, httpsListener: (name) => `https-${name}`, gatewayPodHttpsPort: 8443, dependsOn: [] };
}

describe("exposeService", () => {
  it("routes https://<name>.<domain> to the Service through the shared Gateway's listener for it", async () => {
    const endpoints = new EndpointRegistry();
    const recording = await renderComponent(() =>
      exposeService(exposure(endpoints), { name: "chat", namespace: "llm", service: "open-webui", port: 8080 }, { parent: undefined!, dependsOn: [] }),
    );
    expect(resource(recording, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "chat-route").inputs).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "chat", namespace: "llm" },
      spec: {
        parentRefs: [{ name: "platform", namespace: "traefik", sectionName: "https-chat" }],
        hostnames: ["chat.lab.home.arpa"],
        rules: [{ backendRefs: [{ name: "open-webui", port: 8080 }], filters: [] }],
      },
    });
    expect(endpoints.urls()).toEqual({ chat: "https://chat.lab.home.arpa" });
    expect(endpoints.hostsEntries()).toEqual(["10.0.0.200 chat.lab.home.arpa"]);
  });

  it("routes to a TraefikService through middlewares, and records the landing page", async () => {
    const endpoints = new EndpointRegistry();
    const recording = await renderComponent(() =>
      exposeService(
        exposure(endpoints),
        { name: "traefik", namespace: "traefik", service: "api@internal", port: 8080, backendKind: "TraefikService", middlewares: ["auth"], path: "/dashboard/" },
        { parent: undefined!, dependsOn: [] },
      ),
    );
    const spec = resource(recording, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "traefik-route").inputs.spec as {
      rules: unknown[];
    };
    expect(spec.rules).toEqual([
      {
        backendRefs: [{ group: "traefik.io", kind: "TraefikService", name: "api@internal" }],
        filters: [{ type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "auth" } }],
      },
    ]);
    expect(endpoints.urls()).toEqual({ traefik: "https://traefik.lab.home.arpa/dashboard/" });
  });
});
