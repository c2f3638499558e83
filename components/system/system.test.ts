import { describe, expect, it } from "vitest";
import { madeBy, MINIKUBE, renderConfig, renderStack, resource, resourcesOfType } from "../../render/harness";
import type { Recording } from "../../render/run-under-mocks";
import { Secret } from "../../render/secret";

const CHART = "kubernetes:helm.sh/v4:Chart";
const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";

/** The charts the system layer installs, whatever other layers install. */
function charts(recording: Recording): string[] {
  return resourcesOfType(madeBy(recording, "system"), CHART).map((r) => String(r.inputs.name)).sort();
}

function components(recording: Recording): string[] {
  return recording.resources.filter((r) => r.type.startsWith("homelab:system:")).map((r) => r.type.slice("homelab:system:".length)).sort();
}


describe("the system layer per target", () => {
  it("minikube: MetalLB, a DNS server, no GPU, its built-in storage", async () => {
    const recording = await renderStack("dev");
    expect(components(recording)).toEqual([
      "CertManager", "CloudNativePg", "DnsServer", "GatewayApiCrds", "LocalCa", "MetalLb", "PlatformGateway", "Reloader", "System", "Traefik",
    ]);
    expect(charts(recording)).toEqual(["cert-manager", "cloudnative-pg", "dns", "metallb", "reloader", "traefik"]);
    expect(resourcesOfType(recording, "kubernetes:storage.k8s.io/v1:StorageClass")).toEqual([]);
  });

  it("wsl2: k3s's own load balancer, the device plugin, a shared local-path class for RWX", async () => {
    const recording = await renderStack("wsl");
    expect(components(recording)).toEqual([
      "CertManager", "CloudNativePg", "GatewayApiCrds", "LocalCa", "LocalPathProvisioner", "NvidiaGpu", "PlatformGateway", "Reloader", "System", "Traefik",
    ]);
    expect(charts(recording)).toContain("nvidia");
    expect(charts(recording)).not.toContain("metallb");
    const traefik = resource(recording, CHART, "traefik-chart").inputs.values as Record<string, unknown>;
    expect(traefik.service).toEqual({ annotations: { "homelab/load-balancer": "platform-entrance" } });
    const shared = resource(recording, "kubernetes:storage.k8s.io/v1:StorageClass", "local-path-shared-class").inputs;
    expect(shared).toMatchObject({ metadata: { name: "local-path-shared" }, provisioner: "homelab/shared-path", volumeBindingMode: "Immediate" });
  });
});

describe("addresses from config", () => {
  it("makes one MetalLB pool per configured pool and pins Traefik to the ingress address", async () => {
    const recording = await renderConfig({
      ...MINIKUBE,
      loadBalancer: {
        pools: [
          { name: "web", addresses: ["192.168.49.200/30"] },
          { name: "other", addresses: ["192.168.49.220-192.168.49.230", "192.168.49.240/32"] },
        ],
        ingressAddress: "192.168.49.201",
      },
    });
    const pools = resourcesOfType(recording, "kubernetes:metallb.io/v1beta1:IPAddressPool").map((r) => r.inputs.spec);
    expect(pools).toEqual([{ addresses: ["192.168.49.200/30"] }, { addresses: ["192.168.49.220-192.168.49.230", "192.168.49.240/32"] }]);
    expect(resource(recording, "kubernetes:metallb.io/v1beta1:L2Advertisement", "metallb-l2").inputs.spec).toEqual({ ipAddressPools: ["web", "other"] });
    const traefik = resource(recording, CHART, "traefik-chart");
    expect(traefik.inputs.values).toMatchObject({ service: { annotations: { "metallb.io/loadBalancerIPs": "192.168.49.201" } } });
    expect(traefik.options.dependsOn).toEqual(expect.arrayContaining(["metallb-pool-web", "metallb-pool-other", "gateway-api"]));
    const hosts = Object.keys(recording.outputs.endpoints as object).map((name) => `192.168.49.201 ${name}.homelab.test`);
    expect(recording.outputs.hostsEntries).toEqual(hosts);
    expect(hosts).toContain("192.168.49.201 traefik.homelab.test");
  });

  it("declares the configured TCP entry points on Traefik", async () => {
    const recording = await renderConfig({ ...MINIKUBE, ingress: { tcpEntryPoints: { ssh: 2222, kafka: 9094 } } });
    expect(resource(recording, CHART, "traefik-chart").inputs.values).toMatchObject({
      ports: {
        ssh: { port: 2222, exposedPort: 2222, expose: { default: true }, protocol: "TCP" },
        kafka: { port: 9094, exposedPort: 9094, expose: { default: true }, protocol: "TCP" },
      },
    });
    const allow = resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "traefik-allow").inputs.spec as { ingress: unknown[] };
    expect(allow.ingress[0]).toEqual({ ports: [8000, 8443, 2222, 9094].map((port) => ({ protocol: "TCP", port })) });
  });
});

describe("the Gateway and its certificates", () => {
  it("serves *.<domain> with a wildcard certificate from the local CA", async () => {
    const recording = await renderStack("dev");
    const certificate = resource(recording, CERTIFICATE, "gateway-platform-tls").inputs.spec;
    expect(certificate).toEqual({ secretName: "platform-tls", dnsNames: ["*.homelab.test"], issuerRef: { kind: "ClusterIssuer", name: "local-ca" } });
    const gateway = resource(recording, GATEWAY, "gateway-platform");
    const listeners = (gateway.inputs.spec as { listeners: { name: string; tls?: unknown }[] }).listeners;
    expect(listeners.map((l) => l.name)).toEqual(["http", "https"]);
    expect(listeners[1]!.tls).toEqual({ mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "platform-tls" }] });
    expect(gateway.options.dependsOn).toEqual(["gateway-api", "traefik-chart", "gateway-platform-tls"]);
    expect(resource(recording, CERTIFICATE, "gateway-platform-tls").options.dependsOn).toEqual(["local-ca-issuer", "traefik-namespace"]);
    expect(resource(recording, ISSUER, "local-ca-issuer").inputs.spec).toEqual({ ca: { secretName: "local-ca" } });
  });

  it("keeps the CA key a secret and outputs the CA certificate", async () => {
    const recording = await renderStack("dev");
    expect(resource(recording, "kubernetes:core/v1:Secret", "local-ca-secret").inputs.stringData).toBeInstanceOf(Secret);
    expect(recording.outputs.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it("redirects every plain HTTP request to HTTPS", async () => {
    const recording = await renderStack("dev");
    expect(resource(recording, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "gateway-https-redirect").inputs.spec).toEqual({
      parentRefs: [{ name: "platform", sectionName: "http" }],
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    });
  });

  it("with ACME HTTP-01: one listener and certificate per exposed host, challenges through the Gateway", async () => {
    const recording = await renderConfig({ ...MINIKUBE, domain: "lab.example.com", tls: { acme: { email: "me@example.com" } } });
    const listeners = (resource(recording, GATEWAY, "gateway-platform").inputs.spec as { listeners: { name: string; hostname?: string }[] }).listeners;
    const exposed = Object.keys(recording.outputs.endpoints as object);
    expect(exposed).toContain("traefik");
    expect(listeners.map((l) => [l.name, l.hostname])).toEqual([
      ["http", undefined],
      ...exposed.map((name) => [`https-${name}`, `${name}.lab.example.com`]),
    ]);
    expect(resource(recording, CERTIFICATE, "gateway-traefik-tls").inputs.spec).toMatchObject({ dnsNames: ["traefik.lab.example.com"], issuerRef: { name: "letsencrypt" } });
    const route = resource(recording, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "traefik-route").inputs.spec as { parentRefs: unknown[] };
    expect(route.parentRefs).toEqual([{ name: "platform", namespace: "traefik", sectionName: "https-traefik" }]);
    const issuer = resource(recording, ISSUER, "acme-issuer").inputs.spec as { acme: Record<string, unknown> };
    expect(issuer.acme).toMatchObject({
      email: "me@example.com",
      server: "https://acme-v02.api.letsencrypt.org/directory",
      solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: "platform", namespace: "traefik", kind: "Gateway", sectionName: "http" }] } } }],
    });
    expect(resource(recording, CHART, "cert-manager-chart").inputs.values).toMatchObject({ config: { gatewayAPI: { enabled: true } } });
  });

  it("with ACME DNS-01: a wildcard certificate, the token only in a secret", async () => {
    const recording = await renderConfig({
      ...MINIKUBE,
      domain: "lab.example.com",
      acmeDnsApiToken: { secure: "v1:abc" },
      tls: { acme: { email: "me@example.com", server: "staging", challenge: "dns01-cloudflare" } },
      // Staging certificates are trusted by nobody, which single sign-on refuses.
      features: { sso: false },
    });
    expect(resource(recording, CERTIFICATE, "gateway-platform-tls").inputs.spec).toMatchObject({ dnsNames: ["*.lab.example.com"], issuerRef: { name: "letsencrypt" } });
    const issuer = resource(recording, ISSUER, "acme-issuer").inputs.spec as { acme: Record<string, unknown> };
    expect(issuer.acme).toMatchObject({
      server: "https://acme-staging-v02.api.letsencrypt.org/directory",
      solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: "cloudflare-api-token", key: "api-token" } } } }],
    });
    expect(resource(recording, "kubernetes:core/v1:Secret", "acme-cloudflare-token").inputs.stringData).toBeInstanceOf(Secret);
  });
});

describe("the Traefik dashboard", () => {
  it("is exposed through the helper behind a generated password, never in clear text", async () => {
    // As a plain Secret: how it comes from Vault is the secrets layer's test.
    const recording = await renderConfig({ ...MINIKUBE, features: { secrets: false, sso: false } });
    expect(recording.outputs.endpoints).toMatchObject({ traefik: "https://traefik.homelab.test/dashboard/" });
    expect(resource(recording, "kubernetes:traefik.io/v1alpha1:Middleware", "traefik-dashboard-middleware").inputs.spec).toEqual({
      basicAuth: { secret: "dashboard-auth" },
    });
    expect(resource(recording, "kubernetes:core/v1:Secret", "traefik-dashboard-auth").inputs.stringData).toBeInstanceOf(Secret);
    expect(recording.outputs.credentials).toMatchObject({ "traefik-dashboard": { username: "admin", password: expect.any(Secret) } });
  });
});

describe("object storage", () => {
  it("SeaweedFS by default: per-bucket identities in a secret, a Job creating the buckets, S3 exposed", async () => {
    const recording = await renderConfig({ ...MINIKUBE, features: { objectStorage: true, secrets: false }, objectStorage: { buckets: ["backups", "models"] } });
    expect(resource(recording, "kubernetes:core/v1:Secret", "seaweedfs-s3-config").inputs.stringData).toBeInstanceOf(Secret);
    const job = resource(recording, "kubernetes:batch/v1:Job", "seaweedfs-buckets");
    expect(job.options.dependsOn).toEqual(["seaweedfs-chart"]);
    expect(recording.outputs.endpoints).toMatchObject({ s3: "https://s3.homelab.test" });
    const objectStorage = recording.outputs.objectStorage as { endpoint: string; inCluster: object; buckets: Record<string, { secretKey: unknown }> };
    expect(objectStorage.endpoint).toBe("https://s3.homelab.test");
    expect(objectStorage.inCluster).toEqual({ endpoint: "http://seaweedfs-all-in-one.object-storage.svc:8333", namespaceLabel: "homelab/s3-client=true" });
    expect(Object.keys(objectStorage.buckets)).toEqual(["backups", "models", "admin"]);
    expect(objectStorage.buckets.backups!.secretKey).toBeInstanceOf(Secret);
  });

  it("MinIO when chosen: operator, tenant with the buckets, and a Job making one user per bucket", async () => {
    const recording = await renderConfig({ ...MINIKUBE, features: { objectStorage: true, secrets: false }, objectStorage: { server: "minio", buckets: ["backups"] } });
    expect(charts(recording)).toEqual(expect.arrayContaining(["minio", "minio-operator"]));
    expect(resource(recording, CHART, "minio-chart").inputs.values).toMatchObject({
      tenant: { buckets: [{ name: "backups" }], certificate: { requestAutoCert: false }, configSecret: { name: "object-storage-root", existingSecret: true } },
    });
    expect(resource(recording, "kubernetes:batch/v1:Job", "minio-bucket-users").options.dependsOn).toEqual(["minio-chart", "minio-bucket-credentials"]);
    expect(resource(recording, "kubernetes:core/v1:Secret", "minio-bucket-credentials").inputs.stringData).toBeInstanceOf(Secret);
  });

  it.each([
    ["seaweedfs", 8333],
    ["minio", 9000],
  ])("%s: the in-cluster address it advertises admits namespaces labelled as S3 clients on port %i, and no other", async (server, port) => {
    const recording = await renderConfig({ ...MINIKUBE, features: { objectStorage: true }, objectStorage: { server } });
    const inCluster = (recording.outputs.objectStorage as { inCluster: { endpoint: string; namespaceLabel: string } }).inCluster;
    // The Service's port may differ from the pod's (MinIO: 80 → 9000); the policy admits the pod's.
    expect(inCluster.endpoint).toMatch(/^http:\/\/[a-z0-9-]+\.object-storage\.svc:\d+$/);
    const [key, value] = inCluster.namespaceLabel.split("=");
    const ingress = (resource(recording, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "object-storage-allow").inputs.spec as { ingress: { from?: unknown[] }[] }).ingress;
    expect(ingress).toContainEqual({ from: [{ namespaceSelector: { matchLabels: { [key!]: value } } }], ports: [{ protocol: "TCP", port }] });
    const namespacesAdmitted = ingress.flatMap((rule) => rule.from ?? [{ anyone: true }]);
    expect(namespacesAdmitted).toEqual([
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "traefik" } } },
      { namespaceSelector: { matchLabels: { [key!]: value } } },
      { podSelector: {} },
      ...(server === "minio" ? [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "minio-operator" } } }] : []),
    ]);
  });

  it("is not installed when the feature is off", async () => {
    const recording = await renderStack("dev");
    expect(components(recording)).not.toContain("ObjectStorage");
    expect(recording.outputs).not.toHaveProperty("objectStorage");
  });
});
