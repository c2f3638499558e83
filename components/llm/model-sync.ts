import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { contentName } from "../lib/content-name";
import { BUNDLE_POD_SECURITY, bundleContainer, bundleVolume } from "../lib/bundle-container";
import { bundleService, type ServiceBundle } from "../lib/service-bundle";
import { resources } from "../lib/sizing";
import type { DeclaredModel } from "./declared-model";

export interface ModelSyncArgs {
  readonly namespace: string;
  readonly ollamaHost: string;
  readonly models: readonly DeclaredModel[];
  readonly sizing: SizingProfile;
  /** Ollama itself: the Job waits for it (and waits again inside for it to answer). */
  readonly ollama: pulumi.Resource;
  /** Ollama's namespace, which the sync's objects live in. */
  readonly namespaceResource: pulumi.Resource;
}

/** The ConfigMap in which model-sync remembers which models it put into Ollama. */
const STATE_CONFIGMAP = "model-sync-state";
const NAME = "model-sync";
/** Labels of the sync Job's pods, the only pods of Ollama's namespace that call the API. */
export const MODEL_SYNC_PODS = { app: NAME } as const;

/**
 * What the sync acts on, in a fixed order so the Job's hash is stable. The context window
 * and keep-alive go with each request (the gateway sends them), not into the model, so a
 * change of either needs no new sync.
 */
export function modelsJson(models: readonly DeclaredModel[]): string {
  return JSON.stringify(models.map(({ name, from, system, parameters }) => ({ name, from, system, parameters })));
}

/**
 * The Job's name changes with what it would do (the models) and with its code, so a change
 * of either makes a new Job, which runs the sync again; an unchanged stack runs nothing.
 */
function jobName(models: string, bundle: ServiceBundle): string {
  return contentName(NAME, models, bundle.sha256);
}

/**
 * Makes Ollama hold exactly the declared models, from inside the cluster: a Job running
 * `services/model-sync`, so `pulumi up` needs no route to Ollama. A failed pull fails the
 * Job, and with it the deployment, with the model's name and Ollama's error.
 */
export class ModelSync extends pulumi.ComponentResource {
  constructor(name: string, args: ModelSyncArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:llm:ModelSync", name, {}, opts);
    const ns = args.namespace;
    const bundle = bundleService(NAME);
    const models = modelsJson(args.models);
    const child = { parent: this, dependsOn: [args.namespaceResource] };
    const code = new k8s.core.v1.ConfigMap(`${name}-bundle`, { metadata: { name: `${NAME}-bundle`, namespace: ns }, data: { [bundle.fileName]: bundle.code } }, child);
    const account = new k8s.core.v1.ServiceAccount(`${name}-account`, { metadata: { name: NAME, namespace: ns } }, child);
    const role = new k8s.rbac.v1.Role(
      `${name}-role`,
      {
        metadata: { name: NAME, namespace: ns },
        rules: [
          { apiGroups: [""], resources: ["configmaps"], resourceNames: [STATE_CONFIGMAP], verbs: ["get", "update"] },
          // Kubernetes cannot limit `create` to a name.
          { apiGroups: [""], resources: ["configmaps"], verbs: ["create"] },
        ],
      },
      child,
    );
    const binding = new k8s.rbac.v1.RoleBinding(
      `${name}-role-binding`,
      {
        metadata: { name: NAME, namespace: ns },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: NAME },
        subjects: [{ kind: "ServiceAccount", name: NAME, namespace: ns }],
      },
      child,
    );
    new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: { name: jobName(models, bundle), namespace: ns },
        spec: {
          backoffLimit: 1,
          template: {
            metadata: { labels: { ...MODEL_SYNC_PODS } },
            spec: {
              serviceAccountName: NAME,
              restartPolicy: "Never",
              securityContext: BUNDLE_POD_SECURITY,
              containers: [
                bundleContainer({
                  name: NAME,
                  bundle,
                  env: [
                    { name: "MODELS", value: models },
                    { name: "OLLAMA_HOST", value: args.ollamaHost },
                    { name: "STATE_CONFIGMAP", value: STATE_CONFIGMAP },
                  ],
                  resources: resources(args.sizing, "small"),
                }),
              ],
              volumes: [bundleVolume(`${NAME}-bundle`)],
            },
          },
        },
      },
      // Pulling a large model takes long; the default ten-minute wait would fail a good run.
      { parent: this, dependsOn: [args.ollama, code, account, role, binding], customTimeouts: { create: "2h", update: "2h" } },
    );
    this.registerOutputs({});
  }
}
