import * as pulumi from "@pulumi/pulumi";
import type { GpuPath, LoadBalancerKind, SizingProfile, StorageClassChoice } from "../lib/capabilities";
import type { CredentialSink } from "../lib/credentials";
import type { EndpointRegistry } from "../lib/endpoints";
import type { Exposure } from "../lib/exposure";
import type { ScrapeTarget } from "../lib/scrape-target";
import { AcmeIssuer, type AcmeChallenge } from "./acme-issuer";
import { CertManager } from "./cert-manager";
import { CloudNativePg } from "./cloudnative-pg";
import { DnsServer } from "./dns-server";
import { GatewayApiCrds } from "./gateway-api-crds";
import { Linstor } from "./linstor";
import { LocalCa } from "./local-ca";
import { LocalPathProvisioner } from "./local-path-provisioner";
import { type AddressPool, MetalLb } from "./metallb";
import { NfsProvisioner } from "./nfs-provisioner";
import { type GpuCapability, NvidiaGpu } from "./nvidia-gpu";
import { ObjectStorage, type ObjectStorageServerKind } from "./object-storage";
import { type CertificateMode, httpsListenerName, PlatformGateway, type PlatformGatewayArgs } from "./platform-gateway";
import { Reloader } from "./reloader";
import { systemScrapeTargets } from "./scrape-targets";
import { Traefik, TRAEFIK_PORTS } from "./traefik";

export interface SystemArgs {
  readonly domain: string;
  readonly sizing: SizingProfile;
  readonly loadBalancer: {
    readonly kind: LoadBalancerKind;
    /** MetalLB's pools (unused with the built-in load balancer). */
    readonly pools: readonly AddressPool[];
    /** Traefik's address: every host name points here. */
    readonly address: string;
  };
  /** A DNS server for the domain on this load-balancer address (MetalLB only). @default none */
  readonly dns?: { readonly address: string };
  /** Extra TCP entry points on Traefik, name → port. */
  readonly tcpEntryPoints: Readonly<Record<string, number>>;
  /** The Middleware guarding Traefik's dashboard instead of a password (see `TraefikArgs`). @default none */
  readonly dashboardMiddleware?: string;
  /** Let's Encrypt for the Gateway's certificates; without it, the local CA signs them. @default none */
  readonly acme?: { readonly email: string; readonly server: string; readonly challenge: AcmeChallenge };
  /** The classes the target names, and where each comes from. */
  readonly storage: { readonly rwo: StorageClassChoice; readonly rwx?: StorageClassChoice };
  /** NFS export behind an `nfs` RWX class. @default none */
  readonly nfs?: { readonly server: string; readonly path: string };
  /** The Piraeus operator's manifest when the RWO class is LINSTOR. @default the pinned release's */
  readonly piraeusManifest?: string;
  readonly gpu: GpuPath;
  /** S3 server and its buckets. @default none */
  readonly objectStorage?: { readonly server: ObjectStorageServerKind; readonly buckets: readonly string[]; readonly size: string };
  /** Where exposed URLs are recorded. */
  readonly endpoints: EndpointRegistry;
  /** Where the layer's generated credentials are asked for. */
  readonly credentials: CredentialSink;
}

/**
 * The cluster's foundation for every later layer: an address for LoadBalancer Services,
 * one Gateway with trusted certificates, storage classes, a GPU when there is one, the
 * PostgreSQL operator, object storage and Reloader.
 */
export class System extends pulumi.ComponentResource {
  /** How later layers publish a Service at `https://<name>.<domain>`. */
  readonly exposure: Exposure;
  /** PEM of the platform CA, for browsers, OS trust stores and pods that call platform URLs. */
  readonly caCertificate: pulumi.Output<string>;
  /**
   * PEM of the CA that signs the Gateway's certificates, for clients that trust only the CA
   * they are given: the platform CA, or none with ACME, whose certificates chain to the
   * public roots every image carries.
   */
  readonly gatewayCa: pulumi.Output<string> | undefined;
  /**
   * The local CA's ClusterIssuer, for certificates of listeners inside the cluster (Vault's):
   * its name, and what a Certificate waits for.
   */
  readonly localIssuer: { readonly name: string; readonly ready: pulumi.Resource };
  /** How a pod gets a GPU; absent without one. */
  readonly gpu?: GpuCapability;
  /** The PostgreSQL operator; `Cluster`s depend on it. */
  readonly cloudnativePg: CloudNativePg;
  /** cert-manager's CRDs and webhook: what charts that make their own Issuers and Certificates wait for. */
  readonly certManagerReady: pulumi.Resource;
  readonly objectStorage?: ObjectStorage;
  /** The domain's DNS server, when there is one. */
  readonly dnsServer?: DnsServer;
  readonly traefik: Traefik;
  /** Traefik's extra TCP entry points, name → port: where later layers route TCP services. */
  readonly tcpEntryPoints: Readonly<Record<string, number>>;
  /** What its workloads serve to Prometheus. */
  readonly scrapeTargets: readonly ScrapeTarget[];
  private readonly gatewayInputs: Pick<PlatformGatewayArgs, "issuer" | "certificates" | "certificatesAfter" | "gatewayAfter">;
  private readonly args: SystemArgs;

  constructor(name: string, args: SystemArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:System", name, {}, opts);
    this.args = args;
    const child = { parent: this };
    const crds = new GatewayApiCrds("gateway-api", child);
    const certificates: CertificateMode = args.acme?.challenge.kind === "http01" ? "per-host" : "wildcard";
    this.exposure = {
      domain: args.domain,
      address: args.loadBalancer.address,
      endpoints: args.endpoints,
      httpsListener: (host) => httpsListenerName(certificates, host),
      gatewayPodHttpsPort: TRAEFIK_PORTS.websecure,
      dependsOn: [crds],
    };

    const metalLb = args.loadBalancer.kind === "metallb" ? new MetalLb("metallb", { pools: args.loadBalancer.pools, sizing: args.sizing }, child) : undefined;
    const certManager = new CertManager(
      "cert-manager",
      { sizing: args.sizing, acme: args.acme && (args.acme.challenge.kind === "http01" ? "http01" : "dns01") },
      { ...child, dependsOn: args.acme?.challenge.kind === "http01" ? [crds] : [] },
    );
    const localCa = new LocalCa(
      "local-ca",
      { commonName: `homelab CA (${args.domain})`, namespace: certManager.namespace, certManager: certManager.ready, namespaceResource: certManager.namespaceResource },
      child,
    );
    this.caCertificate = localCa.certificatePem;
    this.gatewayCa = args.acme ? undefined : localCa.certificatePem;
    this.localIssuer = { name: localCa.issuerName, ready: localCa.issuer };
    this.certManagerReady = certManager.ready;
    const acme = args.acme && new AcmeIssuer("acme", { ...args.acme, namespace: certManager.namespace, certManager: certManager.ready }, child);

    this.traefik = new Traefik(
      "traefik",
      {
        sizing: args.sizing,
        loadBalancer: args.loadBalancer.kind,
        address: args.loadBalancer.address,
        tcpEntryPoints: args.tcpEntryPoints,
        dashboardMiddleware: args.dashboardMiddleware,
        exposure: this.exposure,
        credentials: args.credentials,
        // With MetalLB, the Service only gets its address once the pools exist.
        dependsOn: [crds, ...(metalLb?.pools ?? [])],
        acmeSolvers: certificates === "per-host",
      },
      child,
    );
    this.tcpEntryPoints = args.tcpEntryPoints;
    this.dnsServer =
      args.dns &&
      new DnsServer("dns", { domain: args.domain, address: args.dns.address, sizing: args.sizing, dependsOn: metalLb?.pools ?? [] }, child);
    this.gatewayInputs = {
      issuer: (acme ?? localCa).issuerName,
      certificates,
      certificatesAfter: [(acme ?? localCa).issuer, this.traefik.namespace],
      gatewayAfter: [crds, this.traefik.chart],
    };

    const storage = this.installStorage();
    this.gpu = args.gpu === "none" ? undefined : new NvidiaGpu("nvidia", { path: args.gpu, sizing: args.sizing }, child).capability;
    this.cloudnativePg = new CloudNativePg("cloudnative-pg", { sizing: args.sizing }, child);
    new Reloader("reloader", { sizing: args.sizing }, child);
    this.objectStorage =
      args.objectStorage &&
      new ObjectStorage(
        "object-storage",
        { ...args.objectStorage, storageClass: args.storage.rwo.className, sizing: args.sizing, exposure: this.exposure, credentials: args.credentials },
        { ...child, dependsOn: storage },
      );
    this.scrapeTargets = systemScrapeTargets({
      metalLb: metalLb !== undefined,
      gpuOperator: args.gpu === "gpu-operator",
      objectStorage: this.objectStorage?.server,
    });
    this.registerOutputs({
      exposure: this.exposure,
      caCertificate: this.caCertificate,
      localIssuer: this.localIssuer,
      gpu: this.gpu,
      cloudnativePg: this.cloudnativePg,
      certManagerReady: this.certManagerReady,
      objectStorage: this.objectStorage,
      dnsServer: this.dnsServer,
      traefik: this.traefik,
      tcpEntryPoints: this.tcpEntryPoints,
      scrapeTargets: this.scrapeTargets,
    });
  }

  /**
   * The shared Gateway, made once every layer has exposed its services: with per-host
   * certificates it needs the full list of host labels.
   */
  publishGateway(names: readonly string[]): PlatformGateway {
    return new PlatformGateway(
      "gateway",
      { domain: this.args.domain, names, ...this.gatewayInputs },
      { parent: this },
    );
  }

  /** Installs the classes the target does not have built in; returns what volumes wait for. */
  private installStorage(): pulumi.Resource[] {
    const { sizing } = this.args;
    const { rwo, rwx } = this.args.storage;
    const installed: pulumi.Resource[] = [];
    if (rwo.provisioner === "local-path") {
      installed.push(new LocalPathProvisioner("local-path", { className: rwo.className, provisionerName: "rancher.io/local-path", namespace: "local-path-storage", defaultClass: true, sizing }, { parent: this }));
    }
    if (rwo.provisioner === "linstor") {
      installed.push(new Linstor("linstor", { className: rwo.className, sizing, operatorManifest: this.args.piraeusManifest }, { parent: this }));
    }
    if (rwx?.provisioner === "local-path") {
      installed.push(
        new LocalPathProvisioner(
          "local-path-shared",
          { className: rwx.className, provisionerName: "homelab/shared-path", namespace: "local-path-shared", sharedPath: "/var/lib/homelab/shared", sizing },
          { parent: this },
        ),
      );
    }
    if (rwx?.provisioner === "nfs") {
      const nfs = this.args.nfs;
      if (!nfs) throw new Error(`the RWX class ${rwx.className} is NFS-backed but no NFS export was given (storage.nfs)`);
      installed.push(new NfsProvisioner("nfs", { className: rwx.className, ...nfs, sizing }, { parent: this }));
    }
    return installed;
  }
}
