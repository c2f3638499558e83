import type * as k8s from "@pulumi/kubernetes";
import { NODE_IMAGE, type ServiceBundle } from "./service-bundle";

/** Where a service's bundle is mounted from its ConfigMap. */
const CODE_DIR = "/app";

/** The pod security every service bundle runs under: the restricted Pod Security level. */
export const BUNDLE_POD_SECURITY = { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } } as const;

export interface BundleContainerArgs {
  readonly name: string;
  readonly bundle: ServiceBundle;
  readonly env: k8s.types.input.core.v1.EnvVar[];
  readonly resources: k8s.types.input.core.v1.ResourceRequirements;
  /** Arguments after the bundle, e.g. which entry to run. @default none */
  readonly args?: readonly string[];
  /** Mounts besides the code. @default none */
  readonly volumeMounts?: readonly k8s.types.input.core.v1.VolumeMount[];
}

/** A container running a service bundle on the official Node image, read-only and with no capabilities. */
export function bundleContainer(args: BundleContainerArgs): k8s.types.input.core.v1.Container {
  return {
    name: args.name,
    image: NODE_IMAGE,
    command: ["node", `${CODE_DIR}/${args.bundle.fileName}`, ...(args.args ?? [])],
    env: args.env,
    // Kubernetes shows the last words of the log in the pod status.
    terminationMessagePolicy: "FallbackToLogsOnError",
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    volumeMounts: [{ name: "code", mountPath: CODE_DIR, readOnly: true }, ...(args.volumeMounts ?? [])],
    resources: args.resources,
  };
}

/** The volume holding the bundle, from its ConfigMap. */
export function bundleVolume(configMap: string): k8s.types.input.core.v1.Volume {
  return { name: "code", configMap: { name: configMap } };
}
