import type { SizingProfile } from "../lib/capabilities";
import { resources } from "../lib/sizing";
import { JOURNAL_HOST_PATHS } from "./node-journal";

export const FLUENT_BIT_RELEASE = "fluent-bit";
/** Fluent Bit's HTTP server: health and its own metrics (`/api/v2/metrics/prometheus`). */
export const FLUENT_BIT_PORT = 2020;

/** Where it keeps how far it read each file and the journal: on the node, so a restarted pod goes on from there. */
const POSITIONS = { name: "positions", hostPath: "/var/lib/homelab-fluent-bit", mountPath: "/var/lib/fluent-bit" } as const;

/**
 * The index of a pod's line: `logs-<namespace>-<app>` (then the day, by Logstash format),
 * `app` being the pod's `app.kubernetes.io/name` or `app` label as in Loki, else its
 * container. Index names must be lower case and plain.
 */
export const INDEX_SCRIPT = `function app_index(tag, timestamp, record)
  local pod = record["kubernetes"]
  if pod == nil then return 0, timestamp, record end
  local labels = pod["labels"] or {}
  local app = labels["app.kubernetes.io/name"] or labels["app"] or pod["container_name"] or "unknown"
  local name = string.lower("logs-" .. (pod["namespace_name"] or "unknown") .. "-" .. app)
  record["es_index"] = (string.gsub(name, "[^a-z0-9%-_.]", "-"))
  return 2, timestamp, record
end
`;

export interface FluentBitValuesArgs {
  readonly sizing: SizingProfile;
  /** Elasticsearch's Service in the same namespace: `logs-es-http`. */
  readonly host: string;
  readonly port: number;
  /** The Secret with the shipper's `username` and `password`. */
  readonly credentialsSecret: string;
  /** Ship the node's systemd journal too, to `node-journal-*`. @default false */
  readonly nodeJournal?: boolean;
}

function section(name: string, settings: Readonly<Record<string, string | number>>): string {
  return [`[${name}]`, ...Object.entries(settings).map(([key, value]) => `    ${key} ${value}`)].join("\n");
}

/** Fluent Bit's pipeline in its classic format: inputs, filters, outputs, as the chart splits them. */
export function fluentBitConfig(args: Pick<FluentBitValuesArgs, "host" | "port" | "nodeJournal">) {
  const elasticsearch = {
    Host: args.host,
    Port: args.port,
    HTTP_User: "${ES_USER}",
    HTTP_Passwd: "${ES_PASSWORD}",
    Logstash_Format: "On",
    Suppress_Type_Name: "On",
    // Label keys such as app.kubernetes.io/name would otherwise clash as object paths.
    Replace_Dots: "On",
    Retry_Limit: 5,
  };
  const journal = args.nodeJournal ?? false;
  return {
    service: section("SERVICE", { Daemon: "Off", Flush: 1, Log_Level: "info", HTTP_Server: "On", HTTP_Listen: "0.0.0.0", HTTP_Port: FLUENT_BIT_PORT, Health_Check: "On" }),
    inputs: [
      section("INPUT", {
        Name: "tail",
        Path: "/var/log/containers/*.log",
        "multiline.parser": "cri",
        Tag: "kube.*",
        DB: `${POSITIONS.mountPath}/containers.db`,
        "DB.locking": "true",
        Mem_Buf_Limit: "5MB",
        Skip_Long_Lines: "On",
      }),
      // No Path: the plugin then reads the local journal wherever journald keeps it, on disk
      // (/var/log/journal) or volatile (/run/log/journal); a Path would read that directory only.
      ...(journal
        ? [section("INPUT", { Name: "systemd", Tag: "node.journal", DB: `${POSITIONS.mountPath}/journal.db`, Read_From_Tail: "On", Strip_Underscores: "On" })]
        : []),
    ].join("\n\n"),
    filters: [
      // JSON lines (the gateway's) become fields of their document.
      section("FILTER", { Name: "kubernetes", Match: "kube.*", Merge_Log: "On", Keep_Log: "Off", Annotations: "Off" }),
      section("FILTER", { Name: "lua", Match: "kube.*", script: "/fluent-bit/scripts/index.lua", call: "app_index" }),
      ...(journal ? [section("FILTER", { Name: "record_modifier", Match: "node.journal", Record: "node ${NODE_NAME}" })] : []),
    ].join("\n\n"),
    outputs: [
      section("OUTPUT", { Name: "es", Match: "kube.*", ...elasticsearch, Logstash_Prefix_Key: "$es_index", Logstash_Prefix: "logs-unknown" }),
      ...(journal ? [section("OUTPUT", { Name: "es", Match: "node.journal", ...elasticsearch, Logstash_Prefix: "node-journal" })] : []),
    ].join("\n\n"),
  };
}

/** Host paths it reads, each read-only: the pods' logs, and with the journal its volatile directory and the machine id. */
function hostPaths(journal: boolean): readonly { readonly name: string; readonly path: string; readonly type: string }[] {
  return [{ name: "varlog", path: "/var/log", type: "Directory" }, ...(journal ? JOURNAL_HOST_PATHS : [])];
}

/**
 * Chart values: a DaemonSet with the pipeline above, logging in as the shipper. The chart's
 * default mounts /var/log writable and Docker's directory; this reads /var/log only, and
 * writes nothing on the node but its own position files, so a restart neither loses nor
 * repeats lines.
 */
export function fluentBitValues(args: FluentBitValuesArgs) {
  const paths = hostPaths(args.nodeJournal ?? false);
  const fromSecret = (key: string) => ({ secretKeyRef: { name: args.credentialsSecret, key } });
  return {
    kind: "DaemonSet",
    testFramework: { enabled: false },
    resources: resources(args.sizing, "small"),
    securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    env: [
      { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
      { name: "ES_USER", valueFrom: fromSecret("username") },
      { name: "ES_PASSWORD", valueFrom: fromSecret("password") },
    ],
    luaScripts: { "index.lua": INDEX_SCRIPT },
    config: fluentBitConfig(args),
    daemonSetVolumes: [
      ...paths.map(({ name, path, type }) => ({ name, hostPath: { path, type } })),
      { name: POSITIONS.name, hostPath: { path: POSITIONS.hostPath, type: "DirectoryOrCreate" } },
    ],
    daemonSetVolumeMounts: [...paths.map(({ name, path }) => ({ name, mountPath: path, readOnly: true })), { name: POSITIONS.name, mountPath: POSITIONS.mountPath }],
  };
}
