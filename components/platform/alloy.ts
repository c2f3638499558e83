import type { SizingProfile } from "../lib/capabilities";
import { resources } from "../lib/sizing";

export const ALLOY_RELEASE = "alloy";
/** Alloy's HTTP server: its UI and its own metrics. */
export const ALLOY_PORT = 12345;

/**
 * Alloy's pipeline: the pods of its own node, read from the files the kubelet writes under
 * /var/log/pods, labelled with namespace, app, pod and container, and pushed to Loki.
 * `app` is the pod's `app.kubernetes.io/name`, or its `app` label. The gateway's JSON lines
 * give their `level` as a label; their other fields are one `| json` away in LogQL.
 */
export function alloyConfig(lokiPushUrl: string): string {
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

loki.write "default" {
  endpoint {
    url = "${lokiPushUrl}"
  }
}
`;
}

/** Chart values: a DaemonSet reading /var/log of its node, with the pipeline above. */
export function alloyValues(args: { readonly sizing: SizingProfile; readonly lokiUrl: string }) {
  return {
    alloy: {
      configMap: { content: alloyConfig(`${args.lokiUrl}/loki/api/v1/push`) },
      mounts: { varlog: true },
      extraEnv: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
      // Nothing reports usage home.
      enableReporting: false,
      resources: resources(args.sizing, "small"),
    },
    controller: { type: "daemonset" },
    configReloader: { resources: resources(args.sizing, "tiny") },
  };
}
