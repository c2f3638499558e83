import * as pulumi from "@pulumi/pulumi";
import type { EndpointRegistry } from "../components/lib/endpoints";
import type { Llm } from "../components/llm/llm";
import type { System } from "../components/system/system";
import type { Target } from "./targets/target";

interface Login {
  readonly username: string;
  /** Secret. */
  readonly password: pulumi.Output<string>;
}

/** What `pulumi stack output` shows: where everything is, and how to trust and reach it. */
export interface StackOutputs {
  /** name → `https://<name>.<domain>` for every exposed UI and API. */
  readonly endpoints: Record<string, string>;
  /** `address host` lines for /etc/hosts (or the Windows hosts file) when there is no DNS. */
  readonly hostsEntries: string[];
  /** PEM of the platform's local CA, to add to browsers and OS trust stores. */
  readonly caCertificate: pulumi.Output<string>;
  /** Generated logins, by UI; passwords are secrets. */
  readonly credentials: Record<string, Login>;
  /** The S3 API inside the cluster and each bucket's credentials (secret keys are secrets). */
  readonly objectStorage?: {
    readonly endpoint: string;
    readonly buckets: Record<string, { readonly accessKey: pulumi.Output<string>; readonly secretKey: pulumi.Output<string> }>;
  };
  /** The gateway's OpenAI-compatible URL and each user's API key (secret). */
  readonly llm?: { readonly url: string; readonly apiKeys: Record<string, pulumi.Output<string>> };
  /** Admin kubeconfig (secret), when this program built the cluster. */
  readonly kubeconfig?: pulumi.Output<string>;
  /** The kubeconfig context used, when the cluster existed already. */
  readonly kubeContext?: string;
}

export interface StackOutputsArgs {
  readonly endpoints: EndpointRegistry;
  readonly target: Target;
  readonly kubeContext?: string;
  readonly system: System;
  readonly llm?: Llm;
  /** Users whose gateway keys are published (not the platform's own). */
  readonly apiUsers: readonly string[];
}

export function stackOutputs(args: StackOutputsArgs): StackOutputs {
  const { system } = args;
  return {
    endpoints: args.endpoints.urls(),
    hostsEntries: args.endpoints.hostsEntries(),
    caCertificate: system.caCertificate,
    credentials: {
      "traefik-dashboard": system.traefik.dashboardCredentials,
      ...(args.llm && { "open-webui": { username: args.llm.openWebui.admin.email, password: args.llm.openWebui.admin.password } }),
    },
    ...(args.llm && {
      llm: {
        url: `${args.endpoints.urls().llm!}/v1`,
        apiKeys: Object.fromEntries(args.apiUsers.map((user) => [user, args.llm!.gateway.apiKeys[user]!])),
      },
    }),
    ...(system.objectStorage && {
      objectStorage: {
        endpoint: system.objectStorage.endpoint,
        buckets: { ...system.objectStorage.buckets, admin: system.objectStorage.admin },
      },
    }),
    ...(args.target.kubeconfig ? { kubeconfig: pulumi.secret(args.target.kubeconfig) } : { kubeContext: args.kubeContext }),
  };
}
