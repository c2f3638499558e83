import * as z from "zod";
import type { KubeApi, KubeResponse } from "./kube-api.ts";
import { MANAGED_MODELS_KEY, parseManagedModels, serializeManagedModels, StateError, type ManagedModels } from "./managed-models.ts";
import type { StateStore } from "./state-store.ts";

/** The parts of a ConfigMap the store reads; everything else is sent back untouched on update. */
const configMapSchema = z.looseObject({
  metadata: z.looseObject({ resourceVersion: z.string() }),
  data: z.record(z.string(), z.string()).optional(),
});

type ConfigMap = z.output<typeof configMapSchema>;

const statusSchema = z.looseObject({ message: z.string() });

/**
 * Keeps the managed set in one key of a ConfigMap in the Job's namespace. The ConfigMap is
 * created on the first save, so the Job's Role needs `create` on configmaps and `get` and
 * `update` on this one. Updates carry the resourceVersion that was read: two syncs running
 * at once make the second fail with a conflict instead of silently losing the first's models.
 */
export class ConfigMapStore implements StateStore {
  readonly location: string;
  private current: ConfigMap | undefined;

  constructor(
    private readonly api: KubeApi,
    private readonly name: string,
  ) {
    this.location = `ConfigMap ${api.namespace}/${name}`;
  }

  async load(): Promise<ManagedModels> {
    const response = await this.api.request("GET", this.objectPath());
    if (response.status === 404) {
      this.current = undefined;
      return new Map();
    }
    this.current = this.configMapFrom(response, "read");
    const text = this.current.data?.[MANAGED_MODELS_KEY];
    return text === undefined ? new Map() : parseManagedModels(text, `${this.location} key ${MANAGED_MODELS_KEY}`);
  }

  async save(models: ManagedModels): Promise<void> {
    const text = serializeManagedModels(models);
    const response = this.current
      ? await this.api.request("PUT", this.objectPath(), { ...this.current, data: { ...this.current.data, [MANAGED_MODELS_KEY]: text } })
      : await this.api.request("POST", this.collectionPath(), this.newConfigMap(text));
    this.current = this.configMapFrom(response, this.current ? "update" : "create");
  }

  private newConfigMap(text: string) {
    return {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: this.name,
        namespace: this.api.namespace,
        labels: { "app.kubernetes.io/name": "model-sync", "app.kubernetes.io/managed-by": "model-sync" },
        annotations: { "homelab/purpose": "Models model-sync pulled or created in Ollama; it deletes only these." },
      },
      data: { [MANAGED_MODELS_KEY]: text },
    };
  }

  private configMapFrom(response: KubeResponse, verb: "read" | "create" | "update"): ConfigMap {
    if (response.status < 200 || response.status > 299) {
      const status = statusSchema.safeParse(response.body);
      const detail = status.success ? status.data.message : JSON.stringify(response.body);
      const hint = response.status === 409 ? " (another model-sync run changed it meanwhile; run the Job again)" : "";
      throw new StateError(`cannot ${verb} ${this.location}: Kubernetes answered ${response.status}: ${detail}${hint}`);
    }
    const parsed = configMapSchema.safeParse(response.body);
    if (!parsed.success) throw new StateError(`cannot ${verb} ${this.location}: the answer is not a ConfigMap: ${JSON.stringify(response.body)}`);
    return parsed.data;
  }

  private collectionPath(): string {
    return `/api/v1/namespaces/${encodeURIComponent(this.api.namespace)}/configmaps`;
  }

  private objectPath(): string {
    return `${this.collectionPath()}/${encodeURIComponent(this.name)}`;
  }
}
