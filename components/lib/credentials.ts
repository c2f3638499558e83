import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Credentials the platform generates (passwords, API keys, client secrets) reach the
 * namespace of the workload that uses them as a Secret of a known name. How they get there
 * is decided once every layer is built: as plain Secrets, or, with the secrets layer, from
 * Vault through the External Secrets Operator. So the system layer's credentials can go
 * through Vault too, though Vault is built after it.
 */

/** A Secret a workload needs, with the values it must hold. */
export interface Credential {
  /** Pulumi name of what delivers it, e.g. `traefik-dashboard-auth`. */
  readonly resourceName: string;
  /** Name of the Secret in the namespace, which the workload refers to. */
  readonly secretName: string;
  readonly namespace: string;
  /** Key → value; values are Pulumi secrets. */
  readonly data: Readonly<Record<string, pulumi.Input<string>>>;
  /** The component that needs it: what delivers it is its child. */
  readonly parent: pulumi.Resource;
  /** What delivering it waits for: the namespace, at least. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** How credentials reach their namespaces. */
export interface CredentialDelivery {
  /** Makes Secret `secretName` in `namespace` hold `data`; returns what a workload waits for. */
  deliver(credential: Credential): pulumi.Resource;
}

/** Where a component asks for a credential; what it gets is for its workload's `dependsOn`. */
export interface CredentialSink {
  request(credential: Credential): Promise<pulumi.Resource>;
}

/** Each credential as a Kubernetes Secret written by the program. */
export const plainSecrets: CredentialDelivery = {
  deliver: (c) =>
    new k8s.core.v1.Secret(
      c.resourceName,
      { metadata: { name: c.secretName, namespace: c.namespace }, stringData: c.data },
      { parent: c.parent, dependsOn: [...c.dependsOn] },
    ),
};

/** A sink that delivers at once: for a component made on its own, in tests. */
export function deliverAtOnce(delivery: CredentialDelivery = plainSecrets): CredentialSink {
  return { request: async (credential) => delivery.deliver(credential) };
}

/** Collects the credentials every layer asks for, and delivers them all once the way is known. */
export class CredentialRegistry implements CredentialSink {
  private readonly pending: { readonly credential: Credential; readonly delivered: (resource: pulumi.Resource) => void }[] = [];
  private closed = false;

  request(credential: Credential): Promise<pulumi.Resource> {
    if (this.closed) {
      throw new Error(`credential ${credential.secretName} in ${credential.namespace} is asked for after credentials were delivered`);
    }
    return new Promise((delivered) => this.pending.push({ credential, delivered }));
  }

  /** Delivers every credential asked for; asking afterwards is refused. */
  deliverAll(delivery: CredentialDelivery): void {
    this.closed = true;
    for (const { credential, delivered } of this.pending) delivered(delivery.deliver(credential));
  }
}
