import { stringify } from "yaml";
import { KUBE_VIP_IMAGE } from "./versions";

/**
 * kube-vip as k3s auto-deploys it: the objects below go into the servers'
 * `/var/lib/rancher/k3s/server/manifests/`, so the VIP exists as soon as the first server's
 * API does, before any Pulumi Kubernetes provider could apply anything.
 */

export interface KubeVipOptions {
  /** The address kube-vip holds on the leading server and announces by ARP. */
  readonly vip: string;
  /** The port the API listens on behind the VIP. @default 6443 */
  readonly port?: number;
  /** @default KUBE_VIP_IMAGE */
  readonly image?: string;
}

const NAMESPACE = "kube-system";
const NAME = "kube-vip";

/** The objects, in apply order. */
export function kubeVipObjects(options: KubeVipOptions): Record<string, unknown>[] {
  const labels = { "app.kubernetes.io/name": NAME };
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: NAME, namespace: NAMESPACE } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "system:kube-vip-role" },
      rules: [
        { apiGroups: [""], resources: ["services/status"], verbs: ["update"] },
        { apiGroups: [""], resources: ["services", "endpoints"], verbs: ["list", "get", "watch", "update"] },
        { apiGroups: [""], resources: ["nodes"], verbs: ["list", "get", "watch", "update", "patch"] },
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["list", "get", "watch", "update", "create"] },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "get", "watch", "update"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "system:kube-vip-binding" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:kube-vip-role" },
      subjects: [{ kind: "ServiceAccount", name: NAME, namespace: NAMESPACE }],
    },
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: NAME, namespace: NAMESPACE, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            hostNetwork: true,
            // Only servers run an API server to stand in front of.
            nodeSelector: { "node-role.kubernetes.io/control-plane": "true" },
            tolerations: [
              { effect: "NoSchedule", operator: "Exists" },
              { effect: "NoExecute", operator: "Exists" },
            ],
            containers: [
              {
                name: NAME,
                image: options.image ?? KUBE_VIP_IMAGE,
                imagePullPolicy: "IfNotPresent",
                args: ["manager"],
                env: kubeVipEnv(options),
                securityContext: { capabilities: { add: ["NET_ADMIN", "NET_RAW"], drop: ["ALL"] } },
              },
            ],
          },
        },
      },
    },
  ];
}

/**
 * Control-plane VIP by ARP with leader election; no `vip_interface`, so kube-vip binds to
 * the interface of the default route, whatever the guest named it. Services stay with
 * MetalLB, so the service load balancer is off.
 */
function kubeVipEnv(options: KubeVipOptions): { name: string; value?: string; valueFrom?: unknown }[] {
  const settings: Record<string, string> = {
    address: options.vip,
    port: String(options.port ?? 6443),
    vip_arp: "true",
    cp_enable: "true",
    cp_namespace: NAMESPACE,
    svc_enable: "false",
    vip_leaderelection: "true",
    vip_leasename: "plndr-cp-lock",
    vip_leaseduration: "5",
    vip_renewdeadline: "3",
    vip_retryperiod: "1",
  };
  return [
    ...Object.entries(settings).map(([name, value]) => ({ name, value })),
    { name: "vip_nodename", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
  ];
}

/** The manifest file k3s applies: every object as one YAML document. */
export function kubeVipManifest(options: KubeVipOptions): string {
  return kubeVipObjects(options)
    .map((object) => stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join("---\n");
}
