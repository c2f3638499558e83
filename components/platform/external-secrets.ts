import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import { installChart } from "../lib/charts";
import { platformNamespace } from "../lib/platform-namespace";
import { resources } from "../lib/sizing";
import { WebhookGate } from "../lib/webhook-gate";
import { SECRETS_CHARTS } from "./vault-charts";

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
/** The port of ESO's admission webhook, which the API server calls. */
const WEBHOOK_PORT = 10250;

export interface ExternalSecretsArgs {
  readonly sizing: SizingProfile;
  /** Vault's namespace and port: the operator reads secrets there. */
  readonly vault: { readonly namespace: string; readonly port: number };
}

/** Values of the pinned chart (see its values.yaml). */
export function externalSecretsValues(sizing: SizingProfile): Record<string, unknown> {
  return {
    installCRDs: true,
    // Only namespaced SecretStores, one per namespace with its own Vault role: no store can
    // read across namespaces, so the cluster-wide kinds are not served.
    processClusterStore: false,
    processClusterExternalSecret: false,
    processClusterPushSecret: false,
    processPushSecret: false,
    resources: resources(sizing, "small"),
    // Its certificate comes from the cert controller, a Deployment, not a Helm hook.
    webhook: { resources: resources(sizing, "tiny") },
    certController: { resources: resources(sizing, "tiny") },
  };
}

/**
 * The External Secrets Operator: every credential of the platform reaches its namespace
 * from Vault through it. Its `ready` is a gate on the admission webhook, which refuses
 * stores until the cert controller has made and injected its certificate.
 */
export class ExternalSecrets extends pulumi.ComponentResource {
  /** SecretStores and ExternalSecrets depend on this. */
  readonly ready: pulumi.Resource;

  constructor(name: string, args: ExternalSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:platform:ExternalSecrets", name, {}, opts);
    const { namespace } = platformNamespace(
      EXTERNAL_SECRETS_NAMESPACE,
      {
        podSecurity: { level: "restricted" },
        allow: [
          // The namespace holds nothing but the operator's pods.
          { kind: "api-server" },
          { kind: "from-anywhere", ports: [WEBHOOK_PORT] },
          { kind: "to-namespace", namespace: args.vault.namespace, ports: [args.vault.port] },
        ],
      },
      { parent: this },
    );
    const chart = installChart(name, SECRETS_CHARTS.externalSecrets, { namespace: EXTERNAL_SECRETS_NAMESPACE, values: externalSecretsValues(args.sizing) }, { parent: this, dependsOn: [namespace] });
    this.ready = new WebhookGate(
      `${name}-webhook-gate`,
      {
        webhook: "validate.secretstore.external-secrets.io",
        namespace: EXTERNAL_SECRETS_NAMESPACE,
        namespaceResource: namespace,
        // The fake provider: valid, and reads nothing.
        probe: { apiVersion: "external-secrets.io/v1", kind: "SecretStore", resource: "secretstores", namespaced: true, spec: { provider: { fake: { data: [] } } } },
        operator: chart,
        operatorVersion: SECRETS_CHARTS.externalSecrets.version,
        sizing: args.sizing,
      },
      { parent: this },
    );
    this.registerOutputs({ ready: this.ready });
  }
}
