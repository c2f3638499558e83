import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "./capabilities";
import { contentName } from "./content-name";
import { BUNDLE_POD_SECURITY, bundleContainer, bundleVolume } from "./bundle-container";
import { bundleService, type ServiceBundle } from "./service-bundle";
import { resources } from "./sizing";

/** A valid object of a kind the webhook admits: sent as a dry run only, so nothing is ever stored. */
export interface WebhookProbe {
  /** `<group>/<version>` of the kind. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The kind's plural as in the API path, e.g. `clusterissuers`. */
  readonly resource: string;
  /** Namespaced kinds are probed in the gate's own namespace. */
  readonly namespaced: boolean;
  /** A spec the webhook accepts; chosen so it never clashes with a real object (e.g. a documentation address). */
  readonly spec: Record<string, unknown>;
}

export interface WebhookGateArgs {
  /** The webhook's name as its configuration spells it (`webhook.cert-manager.io`): named when the gate fails. */
  readonly webhook: string;
  /** The operator's namespace, where the Job runs; its NetworkPolicy must let pods reach the API server. */
  readonly namespace: string;
  /** That namespace, which the gate's objects wait for. */
  readonly namespaceResource: pulumi.Resource;
  readonly probe: WebhookProbe;
  /** The operator (its chart): the gate starts once all of its objects exist. */
  readonly operator: pulumi.Resource;
  /** The operator's pinned version: an upgrade runs the gate again before its custom resources change. */
  readonly operatorVersion: string;
  readonly sizing: SizingProfile;
  /** How long the webhook may take to accept a request. @default 300 */
  readonly deadlineSeconds?: number;
}

const SERVICE = "webhook-gate";
const PROBE_NAME = "webhook-gate-probe";
const DEFAULT_DEADLINE_SECONDS = 300;

/** Room beyond the gate's own deadline for scheduling and pulling the Node image. */
const START_ALLOWANCE_SECONDS = 300;

/** Names of the gate's objects: one set per probed kind, so two gates can share a namespace. */
function gateObjectName(probe: WebhookProbe): string {
  return `${SERVICE}-${probe.resource}`;
}

/** The sample object the gate sends. */
function probeObject(probe: WebhookProbe, namespace: string): Record<string, unknown> {
  return {
    apiVersion: probe.apiVersion,
    kind: probe.kind,
    metadata: { name: PROBE_NAME, ...(probe.namespaced && { namespace }) },
    spec: probe.spec,
  };
}

/** Exactly what a dry-run create needs: `create` on the one kind (Kubernetes cannot limit `create` to a name). */
function gateRules(probe: WebhookProbe): k8s.types.input.rbac.v1.PolicyRule[] {
  const group = probe.apiVersion.includes("/") ? probe.apiVersion.split("/")[0]! : "";
  return [{ apiGroups: [group], resources: [probe.resource], verbs: ["create"] }];
}

/** The environment of the gate's container. */
function gateEnv(args: Pick<WebhookGateArgs, "webhook" | "namespace" | "probe" | "deadlineSeconds">): { name: string; value: string }[] {
  return [
    { name: "WEBHOOK", value: args.webhook },
    { name: "PROBE_RESOURCE", value: args.probe.resource },
    { name: "PROBE_OBJECT", value: JSON.stringify(probeObject(args.probe, args.namespace)) },
    { name: "DEADLINE_SECONDS", value: String(args.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS) },
  ];
}

/** A new Job, so a new run, when the probe, the operator's version or the gate's code changes. */
function jobName(args: WebhookGateArgs, bundle: ServiceBundle): string {
  return contentName(gateObjectName(args.probe), JSON.stringify(gateEnv(args)), args.operatorVersion, bundle.sha256);
}

/**
 * Stands between a webhook-backed operator and its first custom resources: a Job running
 * `services/webhook-gate`, which retries a server-side dry-run create of a sample until the
 * webhook accepts it. A chart counts as ready when its pods are, while its webhook may still
 * refuse calls, and the provider does not retry a refusal. Custom resources depend on the
 * gate; at its deadline the Job fails, and with it `pulumi up`, naming the webhook.
 */
export class WebhookGate extends pulumi.ComponentResource {
  constructor(name: string, args: WebhookGateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:lib:WebhookGate", name, {}, opts);
    const ns = args.namespace;
    const objectName = gateObjectName(args.probe);
    const bundle = bundleService(SERVICE);
    const child = { parent: this, dependsOn: [args.namespaceResource] };
    const code = new k8s.core.v1.ConfigMap(`${name}-bundle`, { metadata: { name: `${objectName}-bundle`, namespace: ns }, data: { [bundle.fileName]: bundle.code } }, child);
    const account = new k8s.core.v1.ServiceAccount(`${name}-account`, { metadata: { name: objectName, namespace: ns } }, child);
    const access = this.grant(name, args, objectName);
    const deadline = args.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS;
    const awaited = `${Math.ceil((deadline + START_ALLOWANCE_SECONDS) / 60)}m`;
    new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: {
          name: jobName(args, bundle),
          namespace: ns,
          // A gate that failed runs again on the next `pulumi up` instead of being awaited as failed.
          annotations: { "pulumi.com/replaceUnready": "true" },
        },
        spec: {
          // The gate retries inside; a second pod would only start the deadline over.
          backoffLimit: 0,
          template: {
            metadata: { labels: { app: SERVICE } },
            spec: {
              serviceAccountName: objectName,
              restartPolicy: "Never",
              securityContext: BUNDLE_POD_SECURITY,
              containers: [
                bundleContainer({
                  name: SERVICE,
                  bundle,
                  env: gateEnv(args),
                  // Node alone takes some 40 Mi: "tiny" (64 Mi) would leave the gate little headroom.
                  resources: resources(args.sizing, "small"),
                }),
              ],
              volumes: [bundleVolume(`${objectName}-bundle`)],
            },
          },
        },
      },
      {
        parent: this,
        dependsOn: [args.operator, code, account, ...access],
        // The Job is awaited until it completes: the gate's deadline plus time to start.
        customTimeouts: { create: awaited, update: awaited },
      },
    );
    this.registerOutputs({});
  }

  /** A Role for a namespaced kind, a ClusterRole for a cluster-scoped one; bound to the gate's account only. */
  private grant(name: string, args: WebhookGateArgs, objectName: string): pulumi.Resource[] {
    const child = { parent: this, dependsOn: [args.namespaceResource] };
    const subjects = [{ kind: "ServiceAccount", name: objectName, namespace: args.namespace }];
    const rules = gateRules(args.probe);
    if (args.probe.namespaced) {
      const metadata = { name: objectName, namespace: args.namespace };
      return [
        new k8s.rbac.v1.Role(`${name}-role`, { metadata, rules }, child),
        new k8s.rbac.v1.RoleBinding(`${name}-role-binding`, { metadata, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: objectName }, subjects }, child),
      ];
    }
    const metadata = { name: objectName };
    return [
      new k8s.rbac.v1.ClusterRole(`${name}-cluster-role`, { metadata, rules }, child),
      new k8s.rbac.v1.ClusterRoleBinding(
        `${name}-cluster-role-binding`,
        { metadata, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: objectName }, subjects },
        child,
      ),
    ];
  }
}
