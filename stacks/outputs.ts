import type * as pulumi from "@pulumi/pulumi";
import type { EndpointRegistry } from "../components/lib/endpoints";
import type { Target } from "./targets/target";

/** What `pulumi stack output` shows: where everything is, and how to trust and reach it. */
export interface StackOutputs {
  /** name → `https://<name>.<domain>` for every exposed UI and API. */
  readonly endpoints: Record<string, string>;
  /** `address host` lines for /etc/hosts (or the Windows hosts file) when there is no DNS. */
  readonly hostsEntries: string[];
  /** PEM of the platform's local CA, to add to browsers and OS trust stores. */
  readonly caCertificate?: pulumi.Output<string>;
  /** Admin kubeconfig (secret), when this program built the cluster. */
  readonly kubeconfig?: pulumi.Output<string>;
  /** The kubeconfig context used, when the cluster existed already. */
  readonly kubeContext?: string;
}

export interface StackOutputsArgs {
  readonly endpoints: EndpointRegistry;
  readonly target: Target;
  readonly kubeContext?: string;
  readonly caCertificate?: pulumi.Output<string>;
}

export function stackOutputs(args: StackOutputsArgs): StackOutputs {
  return {
    endpoints: args.endpoints.urls(),
    hostsEntries: args.endpoints.hostsEntries(),
    ...(args.caCertificate && { caCertificate: args.caCertificate }),
    ...(args.target.kubeconfig ? { kubeconfig: args.target.kubeconfig } : { kubeContext: args.kubeContext }),
  };
}
