import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import type { CredentialSink } from "../lib/credentials";
import { type NamespaceLabel, type NetworkAllow, platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import { S3_CLIENT_LABEL } from "../system";
import { namespaceOf, portOf } from "./postgres-backups";
import { VOLUME_BACKUP_CHARTS } from "./volume-backups-charts";

export const K8UP_NAMESPACE = "k8up";
/** The annotation that puts a claim in its namespace's volume backups; K8up skips every other. */
export const BACKED_UP_CLAIM = { "k8up.io/backup": "true" } as const;
/** The Secret in a backed-up namespace with the bucket's key pair and the repository password. */
const SECRET = { name: "volume-backups", accessKey: "ACCESS_KEY_ID", secretKey: "SECRET_ACCESS_KEY", password: "RESTIC_PASSWORD" } as const;

/** When volumes are backed up and which snapshots restic keeps. */
export interface VolumeBackupPolicy {
  /** S3 API inside the cluster. */
  readonly endpoint: string;
  readonly bucket: string;
  /** Five-field cron. */
  readonly schedule: string;
  readonly keep: { readonly daily: number; readonly weekly: number; readonly monthly: number };
}

/** Values of the pinned chart (see its values.yaml). */
export function k8upValues(sizing: SizingProfile): Record<string, unknown> {
  return {
    // Only claims that ask (BACKED_UP_CLAIM): PostgreSQL's volumes are Barman's, models can be pulled again.
    k8up: { skipWithoutAnnotation: true, enableLeaderElection: false },
    resources: resources(sizing, "small"),
    // The chart sets no security context; the namespace enforces restricted.
    podSecurityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
  };
}

/**
 * A namespace's K8up `Schedule`: restic backups of its annotated claims to
 * `s3://<bucket>/volumes/<namespace>`, weekly checks and prunes keeping the policy's
 * snapshots. Backup pods run as `runAsUser` to read what the app wrote.
 */
export function scheduleSpec(namespace: string, policy: VolumeBackupPolicy, runAsUser: number): Record<string, unknown> {
  const ref = (key: string) => ({ name: SECRET.name, key });
  return {
    backend: {
      repoPasswordSecretRef: ref(SECRET.password),
      // K8up hands restic `s3:<endpoint>/<bucket>`: a path after the bucket is the repository's folder.
      s3: { endpoint: policy.endpoint, bucket: `${policy.bucket}/volumes/${namespace}`, accessKeyIDSecretRef: ref(SECRET.accessKey), secretAccessKeySecretRef: ref(SECRET.secretKey) },
    },
    backup: { schedule: policy.schedule, successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 2 },
    check: { schedule: "0 5 * * 0" },
    prune: { schedule: "0 6 * * 0", retention: { keepDaily: policy.keep.daily, keepWeekly: policy.keep.weekly, keepMonthly: policy.keep.monthly } },
    podSecurityContext: { runAsUser, runAsGroup: runAsUser, fsGroup: runAsUser },
  };
}

/** Volume backups for the layers after the data layer, in their own namespaces. */
export interface VolumeBackups {
  /** What a backed-up namespace allows: the S3 API. */
  readonly allows: readonly NetworkAllow[];
  /** The label that lets it in at the S3 API. */
  readonly optIns: readonly NamespaceLabel[];
  /** Annotations of a claim to back up. */
  readonly claimAnnotations: Readonly<Record<string, string>>;
  /** The namespace's credentials and Schedule; backups read as `runAsUser`. */
  schedule(namespace: string, runAsUser: number, parent: pulumi.Resource, dependsOn: readonly pulumi.Resource[]): void;
}

export interface VolumeBackupOperatorArgs {
  readonly policy: VolumeBackupPolicy;
  /** The bucket's key pair. */
  readonly credentials: { readonly accessKey: pulumi.Input<string>; readonly secretKey: pulumi.Input<string> };
  readonly sizing: SizingProfile;
  readonly sink: CredentialSink;
  /** The Prometheus operator and its namespace, when observability runs: the operator is scraped. @default none */
  readonly prometheus?: { readonly operator: pulumi.Resource; readonly namespace: string };
}

/** The operator serves its metrics (backup outcomes included) on its `http` port. */
const K8UP_METRICS_PORT = 8080;

/**
 * K8up (restic) for the kept volumes no database owns (decision 0012): the operator in its
 * own namespace, which only talks to the API server; backup pods run in each backed-up
 * namespace and reach S3 from there.
 */
export class VolumeBackupOperator extends pulumi.ComponentResource {
  readonly backups: VolumeBackups;
  /** The restic repositories' password (secret): a restore needs it. */
  readonly repositoryPassword: pulumi.Output<string>;

  constructor(name: string, args: VolumeBackupOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:data:VolumeBackupOperator", name, {}, opts);
    const { prometheus } = args;
    const { namespace } = platformNamespace(
      K8UP_NAMESPACE,
      {
        podSecurity: { level: "restricted" },
        allow: [{ kind: "api-server" }, ...(prometheus ? [{ kind: "from-namespace", namespace: prometheus.namespace, ports: [K8UP_METRICS_PORT] } as const] : [])],
      },
      { parent: this },
    );
    if (prometheus) {
      new k8s.apiextensions.CustomResource(
        `${name}-pod-monitor`,
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "PodMonitor",
          metadata: { name: "k8up", namespace: K8UP_NAMESPACE },
          spec: { selector: { matchLabels: { "app.kubernetes.io/name": "k8up" } }, podMetricsEndpoints: [{ port: "http", path: "/metrics", interval: "60s" }] },
        },
        { parent: this, dependsOn: [namespace, prometheus.operator] },
      );
    }
    const chart = installChart(name, VOLUME_BACKUP_CHARTS.k8up, { namespace: K8UP_NAMESPACE, values: k8upValues(args.sizing) }, { parent: this, dependsOn: [namespace] });
    const password = new random.RandomPassword(`${name}-repository-password`, { length: 40, special: false }, { parent: this });
    this.repositoryPassword = password.result;
    this.backups = {
      allows: [{ kind: "to-namespace", namespace: namespaceOf(args.policy.endpoint), ports: [portOf(args.policy.endpoint)] }],
      optIns: [S3_CLIENT_LABEL],
      claimAnnotations: BACKED_UP_CLAIM,
      schedule: (ns, runAsUser, parent, dependsOn) => {
        const secret = args.sink.request({
          resourceName: `${ns}-volume-backup-credentials`,
          secretName: SECRET.name,
          namespace: ns,
          data: { [SECRET.accessKey]: args.credentials.accessKey, [SECRET.secretKey]: args.credentials.secretKey, [SECRET.password]: password.result },
          parent,
          dependsOn,
        });
        new k8s.apiextensions.CustomResource(
          `${ns}-volume-backup-schedule`,
          { apiVersion: "k8up.io/v1", kind: "Schedule", metadata: { name: "volume-backups", namespace: ns }, spec: scheduleSpec(ns, args.policy, runAsUser) },
          { parent, dependsOn: [chart, secret, ...dependsOn] },
        );
      },
    };
    this.registerOutputs({ repositoryPassword: this.repositoryPassword });
  }
}
