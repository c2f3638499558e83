/**
 * kube-arangodb's ArangoDeployment (`database.arangodb.com/v1`) as JSON Schema: no model
 * package exists, and the CRD of the pinned chart (1.4.4) carries no schema at all (it keeps
 * every field), while the operator's decoder drops the fields its Go types lack. So this
 * states the fields of those types at 1.4.4: unknown ones are errors here instead of being
 * ignored. The parts our program writes are strict; the rest are named, their shapes open.
 */

import { customResource, strictObject, stringMap } from "./custom-resource";

/** Fields named with their shapes left open: our program does not write them. */
const named = (names: string): Record<string, object> => Object.fromEntries(names.split(" ").map((name) => [name, {}]));

const quantities = { type: "object", additionalProperties: { type: ["string", "number"] } } as const;

const serverGroup = strictObject({
  count: { type: "integer", minimum: 0 },
  // A core container's compute resources.
  resources: strictObject({ limits: quantities, requests: quantities, claims: { type: "array" } }),
  // A core PersistentVolumeClaim; its spec is checked by the API server when the operator creates it.
  volumeClaimTemplate: strictObject({ metadata: { type: "object" }, spec: { type: "object" } }),
  storageClassName: { type: "string" },
  annotations: stringMap,
  labels: stringMap,
  nodeSelector: stringMap,
  ...named(
    "minCount maxCount args entrypoint schedulerName overrideDetectedTotalMemory memoryReservation overrideDetectedNumberOfCores " +
      "tolerations annotationsIgnoreList annotationsMode labelsIgnoreList labelsMode envs serviceAccountName probes priorityClassName " +
      "pvcResizeMode volumeAllowShrink antiAffinity affinity nodeAffinity sidecarCoreNames sidecars securityContext volumes volumeMounts " +
      "ephemeralVolumes extendedRotationCheck initContainers shutdownMethod shutdownDelay internalPort internalPortProtocol externalPortEnabled " +
      "allowMemberRecreation terminationGracePeriodSeconds indexMethod podModes port exporterPort numactl upgradeMode manualUpgradeMode restartPolicy",
  ),
});

export const ARANGO_DEPLOYMENT_SCHEMA = customResource(
  "database.arangodb.com/v1",
  "ArangoDeployment",
  strictObject({
    mode: { enum: ["Single", "ActiveFailover", "Cluster"] },
    environment: { enum: ["Development", "Production"] },
    image: { type: "string" },
    single: serverGroup,
    agents: serverGroup,
    dbservers: serverGroup,
    coordinators: serverGroup,
    syncmasters: serverGroup,
    syncworkers: serverGroup,
    gateways: serverGroup,
    tls: strictObject({
      caSecretName: { type: "string" },
      altNames: { type: "array", items: { type: "string" } },
      ttl: { type: "string" },
      sni: { type: "object" },
      mode: { enum: ["inplace", "recreate"] },
    }),
    externalAccess: strictObject({
      type: { enum: ["None", "Auto", "LoadBalancer", "NodePort", "Managed"] },
      nodePort: { type: "integer" },
      loadBalancerIP: { type: "string" },
      loadBalancerSourceRanges: { type: "array", items: { type: "string" } },
      advertisedEndpoint: { type: "string" },
      managedServiceNames: { type: "array", items: { type: "string" } },
    }),
    bootstrap: strictObject({ passwordSecretNames: stringMap }),
    metrics: strictObject({
      enabled: { type: "boolean" },
      tls: { type: "boolean" },
      port: { type: "integer" },
      ...named("image authentication resources mode serviceMonitor extensions"),
    }),
    ...named(
      "storageEngine imagePullPolicy imagePullSecrets imageDiscoveryMode downtimeAllowed disableIPv6 upgrade rotate features " +
        "networkAttachedVolumes annotations annotationsIgnoreList annotationsMode labels labelsIgnoreList labelsMode restoreFrom " +
        "restoreEncryptionSecret allowUnsafeUpgrade rocksdb auth sync license lifecycle id database memberPropagationMode chaos recovery " +
        "timeouts ClusterDomain communicationMethod topology rebalancer architecture timezone gateway integration sidecar",
    ),
  }),
);
