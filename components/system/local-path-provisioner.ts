import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";

/** Rancher's local-path provisioner; it has no Helm repository, so it runs as plain objects. */
export const LOCAL_PATH_IMAGE = "docker.io/rancher/local-path-provisioner:v0.0.37";
/** Helper pods create and remove the volume directories. */
export const LOCAL_PATH_HELPER_IMAGE = "docker.io/library/busybox:1.37.0";

export interface LocalPathProvisionerArgs {
  /** StorageClass it serves. */
  readonly className: string;
  /** `provisioner` of that class; unique per instance (k3s's own is `rancher.io/local-path`). */
  readonly provisionerName: string;
  /** Namespace of this instance. */
  readonly namespace: string;
  /**
   * A directory every node shares: volumes then work for any access mode, ReadWriteMany
   * included. Without it, volumes live on one node's disk under `nodePath`.
   * @default none
   */
  readonly sharedPath?: string;
  /** Where volumes go on each node. @default "/var/lib/homelab/local-path" */
  readonly nodePath?: string;
  /** Make this the cluster's default StorageClass. @default false */
  readonly defaultClass?: boolean;
  readonly sizing: SizingProfile;
}

/** The provisioner's config.json: node paths, or one shared path (the two exclude each other). */
export function localPathConfig(args: Pick<LocalPathProvisionerArgs, "sharedPath" | "nodePath">): string {
  const config = args.sharedPath
    ? { nodePathMap: [], sharedFileSystemPath: args.sharedPath }
    : { nodePathMap: [{ node: "DEFAULT_PATH_FOR_NON_LISTED_NODES", paths: [args.nodePath ?? "/var/lib/homelab/local-path"] }] };
  return JSON.stringify(config, null, 2);
}

const HELPER_POD = `apiVersion: v1
kind: Pod
metadata:
  name: helper-pod
spec:
  priorityClassName: system-node-critical
  tolerations:
    - key: node.kubernetes.io/disk-pressure
      operator: Exists
      effect: NoSchedule
  containers:
    - name: helper-pod
      image: ${LOCAL_PATH_HELPER_IMAGE}
      imagePullPolicy: IfNotPresent
`;

/** A local-path provisioner instance and its StorageClass. */
export class LocalPathProvisioner extends pulumi.ComponentResource {
  readonly storageClass: k8s.storage.v1.StorageClass;

  constructor(name: string, args: LocalPathProvisionerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:system:LocalPathProvisioner", name, {}, opts);
    const ns = args.namespace;
    const { namespace } = platformNamespace(
      ns,
      {
        podSecurity: { level: "privileged", reason: "helper pods create and delete volume directories through hostPath" },
        allow: [{ kind: "api-server" }],
      },
      { parent: this },
    );
    const child = { parent: this, dependsOn: [namespace] };
    const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-sa`, { metadata: { name: "local-path-provisioner", namespace: ns } }, child);
    const subject = [{ kind: "ServiceAccount", name: "local-path-provisioner", namespace: ns }];
    new k8s.rbac.v1.Role(
      `${name}-role`,
      { metadata: { name: "local-path-provisioner", namespace: ns }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "create", "patch", "update", "delete"] }] },
      child,
    );
    new k8s.rbac.v1.RoleBinding(
      `${name}-role-binding`,
      { metadata: { name: "local-path-provisioner", namespace: ns }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "local-path-provisioner" }, subjects: subject },
      child,
    );
    new k8s.rbac.v1.ClusterRole(
      `${name}-cluster-role`,
      {
        metadata: { name: `${ns}-provisioner` },
        rules: [
          { apiGroups: [""], resources: ["nodes", "persistentvolumeclaims", "configmaps", "pods", "pods/log"], verbs: ["get", "list", "watch"] },
          { apiGroups: [""], resources: ["persistentvolumes"], verbs: ["get", "list", "watch", "create", "patch", "update", "delete"] },
          { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
          { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] },
        ],
      },
      { parent: this },
    );
    new k8s.rbac.v1.ClusterRoleBinding(
      `${name}-cluster-role-binding`,
      { metadata: { name: `${ns}-provisioner` }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `${ns}-provisioner` }, subjects: subject },
      { parent: this },
    );
    const config = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: { name: "local-path-config", namespace: ns },
        data: {
          "config.json": localPathConfig(args),
          setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"\n',
          teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"\n',
          "helperPod.yaml": HELPER_POD,
        },
      },
      child,
    );
    const labels = { app: "local-path-provisioner" };
    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: "local-path-provisioner", namespace: ns },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: "local-path-provisioner",
              containers: [
                {
                  name: "provisioner",
                  image: LOCAL_PATH_IMAGE,
                  command: ["local-path-provisioner", "--debug", "start", "--config", "/etc/config/config.json"],
                  env: [
                    { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                    { name: "CONFIG_MOUNT_PATH", value: "/etc/config/" },
                    { name: "PROVISIONER_NAME", value: args.provisionerName },
                    { name: "SERVICE_ACCOUNT_NAME", value: "local-path-provisioner" },
                  ],
                  volumeMounts: [{ name: "config", mountPath: "/etc/config/" }],
                  resources: resources(args.sizing, "tiny"),
                },
              ],
              volumes: [{ name: "config", configMap: { name: "local-path-config" } }],
            },
          },
        },
      },
      { ...child, dependsOn: [namespace, serviceAccount, config] },
    );
    this.storageClass = new k8s.storage.v1.StorageClass(
      `${name}-class`,
      {
        metadata: {
          name: args.className,
          ...(args.defaultClass && { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }),
        },
        provisioner: args.provisionerName,
        volumeBindingMode: args.sharedPath ? "Immediate" : "WaitForFirstConsumer",
        reclaimPolicy: "Delete",
      },
      { parent: this },
    );
    this.registerOutputs({ storageClass: this.storageClass });
  }
}
