import { FORWARD_AUTH_MIDDLEWARE } from "../../components/platform";
import { S3_CLIENT_LABEL, System, SYSTEM_CHARTS, type SystemArgs } from "../../components/system";
import type { EndpointRegistry } from "../../components/lib/endpoints";
import type { Target } from "../targets/target";
import { dnsAddressOf, dnsProblems, dnsSchema } from "./dns-config";
import { defineLayer, type LayerConfig } from "./layer";
import { acmeServerUrl, ingressSchema, objectStorageSchema, systemProblems, tlsSchema } from "./system-config";

const SYSTEM_KEYS = { ingress: ingressSchema, tls: tlsSchema, objectStorage: objectStorageSchema, dns: dnsSchema };

const MINIKUBE = {
  target: "minikube",
  loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
} as const;

/**
 * What every later layer stands on: load balancing, the Gateway with its certificates,
 * storage, the GPU, the PostgreSQL operator, Reloader and, when switched on, object storage.
 */
export const systemLayer = defineLayer({
  name: "system",
  features: {
    objectStorage: {
      summary: "an S3 server with buckets for backups, models and CI caches",
      // One more volume and pod: worth it where the sizing gives servers room.
      default: (target) => target.capabilities.sizing === "full",
      keys: ["objectStorage"],
    },
    dns: {
      summary: "a DNS server for the domain on its own load-balancer address, answering from the cluster's routes",
      // Only MetalLB gives it an address of its own that the LAN (or the laptop) reaches.
      default: (_target, stack) => stack.loadBalancer === "metallb",
      keys: ["dns"],
    },
  },
  config: SYSTEM_KEYS,
  secrets: { acmeDnsApiToken: "the DNS provider's API token for ACME DNS-01 challenges" },
  checks: [
    { needs: ["domain", "ingress", "tls", "objectStorage"], run: (c, { secretKeys }) => systemProblems(c, secretKeys) },
    { needs: ["features", "loadBalancer", "kubernetes", "dns"], run: (c, context) => dnsProblems(c, context) },
  ],
  charts: SYSTEM_CHARTS,
  build: ({ config, target, endpoints, credentials, opts }) => {
    const system = new System("system", { ...systemArgs(config, target, endpoints), credentials }, opts);
    const objectStorage = system.objectStorage;
    return {
      provides: { system },
      outputs: {
        ...(system.traefik.dashboardCredentials && { credentials: { "traefik-dashboard": system.traefik.dashboardCredentials } }),
        values: {
          /** PEM of the platform's local CA, to add to browsers and OS trust stores. */
          caCertificate: system.caCertificate,
          /** Where resolvers forward the domain: the DNS server's address. */
          ...(system.dnsServer && { dnsServer: system.dnsServer.address }),
          /**
           * The S3 API: `endpoint` through the Gateway, `inCluster` for pods in namespaces that
           * carry its label; and each bucket's credentials (secret keys are secrets).
           */
          ...(objectStorage && {
            objectStorage: {
              endpoint: objectStorage.endpoint,
              inCluster: { endpoint: objectStorage.inClusterEndpoint, namespaceLabel: `${S3_CLIENT_LABEL.key}=${S3_CLIENT_LABEL.value}` },
              buckets: { ...objectStorage.buckets, admin: objectStorage.admin },
            },
          }),
        },
      },
      complete: (hosts) => system.publishGateway(hosts),
    };
  },
  examples: {
    "minikube with SeaweedFS, ACME HTTP-01 and TCP entry points": {
      ...MINIKUBE,
      domain: "lab.example.com",
      features: { objectStorage: true },
      tls: { acme: { email: "a@example.com" } },
      ingress: { tcpEntryPoints: { ssh: 2222 } },
    },
    "minikube with MinIO and ACME DNS-01": {
      ...MINIKUBE,
      domain: "lab.example.com",
      acmeDnsApiToken: { secure: "v1:abc" },
      tls: { acme: { email: "a@example.com", challenge: "dns01-cloudflare" } },
      features: { objectStorage: true },
      objectStorage: { server: "minio" },
    },
    "homelab with LINSTOR and NFS": {
      target: "bare-metal",
      domain: "lab.home.arpa",
      cluster: { stack: "homelab-metal" },
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] },
      storage: { rwo: "linstor", nfs: { server: "nas.lan", path: "/export/k8s" } },
    },
  },
});

function systemArgs(
  config: LayerConfig<typeof SYSTEM_KEYS, "objectStorage" | "dns">,
  target: Target,
  endpoints: EndpointRegistry,
): Omit<SystemArgs, "credentials"> {
  const acme = config.tls.acme;
  const { pools, ingressAddress } = config.loadBalancer;
  // The checks passed: with the switch on, a pool address is left for it.
  const dnsAddress = config.features.dns ? dnsAddressOf(config.dns, pools, ingressAddress) : undefined;
  return {
    domain: config.domain,
    sizing: target.sizing,
    loadBalancer: { kind: target.loadBalancer, pools, address: ingressAddress },
    dns: dnsAddress ? { address: dnsAddress } : undefined,
    tcpEntryPoints: config.ingress.tcpEntryPoints,
    // The sso layer, built later, makes this Middleware beside the dashboard's route.
    dashboardMiddleware: (config.features as Readonly<Record<string, boolean>>).sso === true ? FORWARD_AUTH_MIDDLEWARE : undefined,
    acme: acme && {
      email: acme.email,
      server: acmeServerUrl(acme.server),
      challenge:
        acme.challenge === "http01"
          ? ({ kind: "http01" } as const)
          : ({ kind: "dns01-cloudflare", apiToken: config.secrets.acmeDnsApiToken! } as const),
    },
    storage: target.storage,
    nfs: config.storage.nfs,
    piraeusManifest: config.storage.piraeusManifest,
    gpu: target.gpu,
    objectStorage: config.features.objectStorage ? config.objectStorage : undefined,
    endpoints,
  };
}
