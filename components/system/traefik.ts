import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { LoadBalancerKind, SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import type { CredentialSink } from "../lib/credentials";
import { SYSTEM_CHARTS } from "./charts";
import { exposeService } from "../lib/expose-service";
import type { Exposure } from "../lib/exposure";
import { PLATFORM_ENTRANCE_ANNOTATIONS } from "../lib/platform-entrance";
import { platformNamespace } from "../lib/platform-namespace";
import { SHARED_GATEWAY } from "../lib/shared-gateway";
import { resources } from "../lib/sizing";

export interface TraefikArgs {
  readonly sizing: SizingProfile;
  readonly loadBalancer: LoadBalancerKind;
  /** The address the LoadBalancer Service gets from MetalLB (the built-in load balancer or a tunnel picks its own). */
  readonly address: string;
  /** Extra TCP entry points, name → port, exposed on the same address. @default {} */
  readonly tcpEntryPoints?: Readonly<Record<string, number>>;
  /** Where the dashboard is published. */
  readonly exposure: Exposure;
  /** Where the dashboard's login Secret is asked for. */
  readonly credentials: CredentialSink;
  /**
   * A Middleware in Traefik's namespace that guards the dashboard instead of a generated
   * password: single sign-on's forward auth, made by the layer that runs it.
   * @default none: basic auth with a generated password
   */
  readonly dashboardMiddleware?: string;
  /** The Gateway API CRDs, and MetalLB's pools when MetalLB hands out the address. */
  readonly dependsOn: readonly pulumi.Resource[];
  /**
   * ACME HTTP-01 challenges are answered by cert-manager's solver pods in this namespace,
   * which Traefik must then reach.
   * @default false
   */
  readonly acmeSolvers?: boolean;
}

const NAMESPACE = SHARED_GATEWAY.namespace;

/** Secret and Middleware that hold and apply the dashboard's login. */
const DASHBOARD_AUTH = "dashboard-auth";

/** Ports Traefik listens on inside the pod; Gateway listeners name these, not 80/443. */
export const TRAEFIK_PORTS = { web: 8000, websecure: 8443 } as const;

/**
 * How long Traefik lets a request take to arrive, a response to leave, and a connection idle,
 * per entry point. Traefik 3 reads a request for at most 60 s by default, which cuts an S3
 * PUT or an Open WebUI upload of a large file.
 */
export const RESPONDING_TIMEOUTS = {
  // Plain HTTP only redirects and answers ACME challenges: nothing large arrives on it.
  web: { readTimeout: "60s", writeTimeout: "60s", idleTimeout: "180s" },
  // Uploads get an hour to arrive; responses are not cut (LLM answers stream for minutes).
  websecure: { readTimeout: "1h", writeTimeout: "0s", idleTimeout: "180s" },
  // The extra TCP entry points carry long-lived connections (SSH, Kafka) that may sit quiet.
  tcp: { readTimeout: "0s", writeTimeout: "0s", idleTimeout: "0s" },
} as const;

/**
 * Chart values: Gateway API only (no Ingress provider, no chart-made Gateway: the platform
 * brings its own), a fixed address, responding timeouts set per entry point, and the extra
 * TCP entry points.
 */
export function traefikValues(args: Omit<TraefikArgs, "exposure" | "credentials" | "dependsOn" | "acmeSolvers" | "dashboardMiddleware">) {
  const tcp = Object.fromEntries(
    Object.entries(args.tcpEntryPoints ?? {}).map(([name, port]) => [
      name,
      { port, exposedPort: port, expose: { default: true }, protocol: "TCP", transport: { respondingTimeouts: RESPONDING_TIMEOUTS.tcp } },
    ]),
  );
  return {
    resources: resources(args.sizing, "medium"),
    ingressClass: { enabled: false },
    providers: {
      kubernetesIngress: { enabled: false },
      // The dashboard route names a TraefikService (api@internal): allowed from this namespace only.
      kubernetesGateway: { enabled: true, crossProviderNamespaces: [NAMESPACE] },
    },
    gateway: { enabled: false },
    ports: {
      web: { transport: { respondingTimeouts: RESPONDING_TIMEOUTS.web } },
      websecure: { transport: { respondingTimeouts: RESPONDING_TIMEOUTS.websecure } },
      ...tcp,
    },
    service: {
      annotations: {
        ...PLATFORM_ENTRANCE_ANNOTATIONS,
        ...(args.loadBalancer === "metallb" && { "metallb.io/loadBalancerIPs": args.address }),
      },
    },
  };
}

/**
 * Traefik as the platform's only entrance: the LoadBalancer Service on the ingress
 * address, the Gateway API provider, metrics on port 9100 for Prometheus, and the
 * dashboard behind single sign-on or, without it, a generated password.
 */
export class Traefik extends pulumi.ComponentResource {
  readonly chart: k8s.helm.v4.Chart;
  /** The Gateway's namespace: its certificates live there. */
  readonly namespace: k8s.core.v1.Namespace;
  /** Basic-auth login of the dashboard; none when single sign-on guards it. */
  readonly dashboardCredentials?: { readonly username: string; readonly password: pulumi.Output<string> };

  constructor(name: string, args: TraefikArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:Traefik", name, {}, opts);
    const tcpPorts = Object.values(args.tcpEntryPoints ?? {});
    const { namespace } = platformNamespace(
      NAMESPACE,
      {
        podSecurity: { level: "restricted" },
        allow: [
          { kind: "from-anywhere", ports: [TRAEFIK_PORTS.web, TRAEFIK_PORTS.websecure, ...tcpPorts] },
          { kind: "to-cluster-pods" },
          { kind: "api-server" },
          ...(args.acmeSolvers ? [{ kind: "within-namespace" } as const] : []),
        ],
      },
      { parent: this },
    );
    this.namespace = namespace;
    this.chart = installChart(
      name,
      SYSTEM_CHARTS.traefik,
      { namespace: NAMESPACE, values: traefikValues(args) },
      { parent: this, dependsOn: [namespace, ...args.dependsOn] },
    );
    if (args.dashboardMiddleware === undefined) {
      const password = new random.RandomPassword(`${name}-dashboard-password`, { length: 24, special: false }, { parent: this });
      this.dashboardCredentials = { username: "admin", password: password.result };
      this.protectDashboard(name, this.dashboardCredentials.username, password, namespace, args.credentials);
    }
    exposeService(
      args.exposure,
      {
        name: "traefik",
        namespace: NAMESPACE,
        service: "api@internal",
        port: 8080,
        backendKind: "TraefikService",
        middlewares: [args.dashboardMiddleware ?? DASHBOARD_AUTH],
        path: "/dashboard/",
      },
      { parent: this, dependsOn: [namespace] },
    );
    this.registerOutputs({ chart: this.chart, namespace: this.namespace, dashboardCredentials: this.dashboardCredentials });
  }

  /** A basic-auth Middleware (htpasswd line with the bcrypt hash) that the dashboard route applies. */
  private protectDashboard(name: string, username: string, password: random.RandomPassword, namespace: k8s.core.v1.Namespace, credentials: CredentialSink): void {
    const secret = credentials.request({
      resourceName: `${name}-dashboard-auth`,
      secretName: DASHBOARD_AUTH,
      namespace: NAMESPACE,
      data: { users: pulumi.interpolate`${username}:${password.bcryptHash}` },
      parent: this,
      dependsOn: [namespace],
    });
    new k8s.apiextensions.CustomResource(
      `${name}-dashboard-middleware`,
      {
        apiVersion: "traefik.io/v1alpha1",
        kind: "Middleware",
        metadata: { name: DASHBOARD_AUTH, namespace: NAMESPACE },
        spec: { basicAuth: { secret: DASHBOARD_AUTH } },
      },
      { parent: this, dependsOn: [this.chart, secret] },
    );
  }
}
