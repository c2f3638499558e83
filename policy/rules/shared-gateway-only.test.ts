import { describe, expect, it } from "vitest";
import { manifest } from "./fixtures";
import { sharedGatewayOnly } from "./shared-gateway-only";

const route = (parentRefs: unknown) =>
  manifest("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", { metadata: { name: "web", namespace: "apps" }, spec: { parentRefs } });

describe("sharedGatewayOnly", () => {
  it("catches an Ingress", () => {
    expect(sharedGatewayOnly(manifest("kubernetes:networking.k8s.io/v1:Ingress", { metadata: { name: "web", namespace: "apps" } }))).toEqual([
      "Ingress apps/web: Ingress is not used; expose the Service with exposeService on the shared Gateway traefik/platform",
    ]);
  });

  it("catches a Traefik IngressRoute", () => {
    expect(sharedGatewayOnly(manifest("kubernetes:traefik.io/v1alpha1:IngressRoute", { metadata: { name: "web", namespace: "apps" } }))).toEqual([
      "IngressRoute apps/web: Traefik IngressRoute bypasses the shared Gateway traefik/platform; use exposeService",
    ]);
  });

  it("catches another Gateway", () => {
    expect(sharedGatewayOnly(manifest("kubernetes:gateway.networking.k8s.io/v1:Gateway", { metadata: { name: "mine", namespace: "apps" } }))).toEqual([
      "Gateway apps/mine: only the shared Gateway traefik/platform may exist",
    ]);
  });

  it("catches a route to another Gateway, one in its own namespace by default, and one without parents", () => {
    expect(sharedGatewayOnly(route([{ name: "platform", namespace: "other" }, { name: "platform" }]))).toEqual([
      "HTTPRoute apps/web attaches to Gateway other/platform; HTTP routes attach to the shared Gateway traefik/platform only",
      "HTTPRoute apps/web attaches to Gateway apps/platform; HTTP routes attach to the shared Gateway traefik/platform only",
    ]);
    expect(sharedGatewayOnly(route([]))).toEqual(["HTTPRoute apps/web names no parent Gateway; attach it to traefik/platform"]);
  });

  it("accepts the shared Gateway and routes on it", () => {
    expect(sharedGatewayOnly(route([{ name: "platform", namespace: "traefik", sectionName: "https" }]))).toEqual([]);
    expect(sharedGatewayOnly(manifest("kubernetes:gateway.networking.k8s.io/v1:Gateway", { metadata: { name: "platform", namespace: "traefik" } }))).toEqual([]);
  });
});
