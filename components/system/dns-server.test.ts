import { describe, expect, it } from "vitest";
import { LINUX_HOST, renderStack, resource, resourcesOfType } from "../../render/harness";
import type { Recording } from "../../render/run-under-mocks";
import { simulatedHost } from "../../render/simulated-host";
import { SHARED_GATEWAY } from "../lib/shared-gateway";
import { summarize } from "../../render/summary";
import { DNS_POD_PORT } from "./dns-server";

interface DnsValues {
  readonly domain: string;
  readonly watchedResources: string[];
  readonly filters: { readonly gatewayClasses: string[] };
  readonly service: { readonly useTcp: boolean; readonly annotations: Record<string, string> };
}

interface Route {
  readonly spec: { readonly hostnames?: string[]; readonly parentRefs: { name: string; namespace?: string }[] };
  readonly metadata: { readonly namespace: string };
}

/** Each stack rendered once for the checks below. */
const renders = new Map<string, Promise<Recording>>();
function rendered(stack: string): Promise<Recording> {
  if (!renders.has(stack)) renders.set(stack, renderStack(stack, LINUX_HOST));
  return renders.get(stack)!;
}

function dnsValues(recording: Recording): DnsValues {
  return resource(recording, "kubernetes:helm.sh/v4:Chart", "dns-chart").inputs.values as DnsValues;
}

/** Where Traefik's Service gets its address; Traefik copies it into the Gateway's status. */
function gatewayAddress(recording: Recording): string {
  const values = resource(recording, "kubernetes:helm.sh/v4:Chart", "traefik-chart").inputs.values as {
    service: { annotations: Record<string, string> };
  };
  return values.service.annotations["metallb.io/loadBalancerIPs"]!;
}

/**
 * What k8s_gateway would answer, read from the rendered objects as the plugin reads them:
 * each hostname in the zone of an HTTPRoute on a Gateway of a watched class resolves to
 * that Gateway's address.
 */
function answers(recording: Recording): string[] {
  const values = dnsValues(recording);
  if (!values.watchedResources.includes("HTTPRoute")) return [];
  const gateways = resourcesOfType(recording, "kubernetes:gateway.networking.k8s.io/v1:Gateway").map(
    (g) => g.inputs as { metadata: { name: string; namespace: string }; spec: { gatewayClassName: string } },
  );
  const watched = (ref: Route["spec"]["parentRefs"][number], namespace: string) =>
    gateways.some(
      (g) =>
        g.metadata.name === ref.name &&
        g.metadata.namespace === (ref.namespace ?? namespace) &&
        values.filters.gatewayClasses.includes(g.spec.gatewayClassName),
    );
  const lines = resourcesOfType(recording, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute")
    .map((r) => r.inputs as unknown as Route)
    .filter((route) => route.spec.parentRefs.some((ref) => watched(ref, route.metadata.namespace)))
    .flatMap((route) => route.spec.hostnames ?? [])
    .filter((host) => host.endsWith(`.${values.domain}`))
    .map((host) => `${gatewayAddress(recording)} ${host}`);
  return [...new Set(lines)].sort();
}

describe.each([
  { stack: "dev", domain: "homelab.test", address: "192.168.49.201" },
  { stack: "homelab", domain: "lab.home.arpa", address: "192.168.10.201" },
])("the DNS server of $stack (MetalLB)", ({ stack, domain, address }) => {
  it("answers the domain on its own pool address, over UDP and TCP, and that address is the dnsServer output", async () => {
    const recording = await rendered(stack);
    const values = dnsValues(recording);
    expect(values.domain).toBe(domain);
    // Marked, or the policy pack refuses the LoadBalancer Service the chart renders.
    expect(values.service).toEqual({ useTcp: true, annotations: { "homelab/load-balancer": "platform-entrance", "metallb.io/loadBalancerIPs": address } });
    expect(recording.outputs.dnsServer).toBe(address);
    expect(address).not.toBe(gatewayAddress(recording));
    expect(summarize(recording)).toContain(`dns server: ${address}`);
  });

  it("answers every host of the shared Gateway with Traefik's address: what hostsEntries lists", async () => {
    const recording = await rendered(stack);
    expect(dnsValues(recording).filters.gatewayClasses).toEqual([SHARED_GATEWAY.className]);
    expect(answers(recording)).toEqual([...(recording.outputs.hostsEntries as string[])].sort());
    expect(answers(recording).length).toBeGreaterThan(0);
  });

  it("reads only routes and LoadBalancer Services, and waits for MetalLB's pools", async () => {
    const recording = await rendered(stack);
    // The chart grants list and watch on exactly the watched kinds: its RBAC follows this list.
    expect(dnsValues(recording).watchedResources).toEqual(["HTTPRoute", "Service"]);
    const chart = resource(recording, "kubernetes:helm.sh/v4:Chart", "dns-chart");
    expect(chart.options.dependsOn).toEqual(expect.arrayContaining(["dns-namespace", "metallb-pool-default"]));
  });

  it("runs restricted, reachable on its DNS port from anywhere, reaching only the API server and cluster DNS", async () => {
    const recording = await rendered(stack);
    const namespace = resource(recording, "kubernetes:core/v1:Namespace", "dns-namespace").inputs as { metadata: { labels: Record<string, string> } };
    expect(namespace.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const allow = resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "dns-allow").inputs as {
      spec: { ingress: unknown[]; egress: { ports: { port: number }[] }[] };
    };
    expect(allow.spec.ingress).toEqual([
      { ports: [{ protocol: "UDP", port: DNS_POD_PORT }, { protocol: "TCP", port: DNS_POD_PORT }] },
    ]);
    expect(allow.spec.egress.map((rule) => rule.ports.map((p) => p.port))).toEqual([[53, 53], [443, 6443, 8443]]);
  });
});

describe("no DNS server where nothing gives it an address of its own", () => {
  it.each([
    { stack: "wsl", host: LINUX_HOST, why: "k3s's ServiceLB on localhost" },
    { stack: "dev", host: simulatedHost("darwin", undefined), why: "minikube tunnel on localhost" },
  ])("$stack ($why): hostsEntries only", async ({ stack, host }) => {
    const recording = await renderStack(stack, host);
    expect(resourcesOfType(recording, "homelab:system:DnsServer")).toEqual([]);
    expect(recording.outputs).not.toHaveProperty("dnsServer");
    expect((recording.outputs.hostsEntries as string[]).length).toBeGreaterThan(0);
  });
});
