import type { SizingProfile } from "../lib/capabilities";
import { resources } from "../lib/sizing";
import { JOURNAL_HOST_PATHS } from "./node-journal";

export const ALLOY_RELEASE = "alloy";
/** Alloy's HTTP server: its UI and its own metrics. */
export const ALLOY_PORT = 12345;

/**
 * Alloy's pipeline: the pods of its own node, read from the files the kubelet writes under
 * /var/log/pods, labelled with namespace, app, pod and container, and pushed to Loki.
 * `app` is the pod's `app.kubernetes.io/name`, or its `app` label. The gateway's JSON lines
 * give their `level` as a label; their other fields are one `| json` away in LogQL.
 */
export function alloyConfig(lokiPushUrl: string, nodeJournal = false): string {
  return `discovery.kubernetes "pods" {
  role = "pod"
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("NODE_NAME")
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app"]
    regex         = "(.+)"
    target_label  = "app"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
    regex         = "(.+)"
    target_label  = "app"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    replacement   = "/var/log/pods/*$1/*.log"
    target_label  = "__path__"
  }
}

local.file_match "pods" {
  path_targets = discovery.relabel.pods.output
}

loki.source.file "pods" {
  targets    = local.file_match.pods.targets
  forward_to = [loki.process.pods.receiver]
}

loki.process "pods" {
  stage.cri {}
  stage.match {
    selector = "{app=\\"llm-gateway\\"}"
    stage.json {
      expressions = { level = "level" }
    }
    stage.labels {
      values = { level = "" }
    }
  }
  forward_to = [loki.write.default.receiver]
}

${nodeJournal ? JOURNAL_PIPELINE : ""}loki.write "default" {
  endpoint {
    url = "${lokiPushUrl}"
  }
}
`;
}

/**
 * The node's systemd journal (k3s, containerd, the kernel), labelled with the node, the
 * unit and the priority keyword (`err`, `warning`, `info`…). Only the journal of this
 * machine (`/etc/machine-id`) is read, from /var/log/journal and /run/log/journal; a new
 * pod starts no more than half a day back.
 */
const JOURNAL_PIPELINE = `loki.relabel "journal" {
  forward_to = []
  rule {
    source_labels = ["__journal__systemd_unit"]
    target_label  = "unit"
  }
  rule {
    source_labels = ["__journal_priority_keyword"]
    target_label  = "priority"
  }
}

loki.source.journal "node" {
  max_age       = "12h"
  labels        = { node = sys.env("NODE_NAME") }
  relabel_rules = loki.relabel.journal.rules
  forward_to    = [loki.write.default.receiver]
}

`;

export interface AlloyValuesArgs {
  readonly sizing: SizingProfile;
  readonly lokiUrl: string;
  /** Ship the node's systemd journal too. @default false */
  readonly nodeJournal?: boolean;
}

/**
 * Chart values: a DaemonSet reading /var/log of its node (read-only), with the pipeline
 * above; with the journal, its volatile directory and the machine id too, read-only.
 */
export function alloyValues(args: AlloyValuesArgs) {
  const journal = args.nodeJournal ?? false;
  const hostPaths = journal ? JOURNAL_HOST_PATHS : [];
  return {
    alloy: {
      configMap: { content: alloyConfig(`${args.lokiUrl}/loki/api/v1/push`, journal) },
      mounts: { varlog: true, extra: hostPaths.map(({ name, path }) => ({ name, mountPath: path, readOnly: true })) },
      extraEnv: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
      // Nothing reports usage home.
      enableReporting: false,
      resources: resources(args.sizing, "small"),
    },
    controller: { type: "daemonset", volumes: { extra: hostPaths.map(({ name, path, type }) => ({ name, hostPath: { path, type } })) } },
    configReloader: { resources: resources(args.sizing, "tiny") },
  };
}
