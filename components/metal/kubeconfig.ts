import { stringify } from "yaml";

/**
 * The admin kubeconfig, built here rather than copied from a server: the cluster's CA and
 * the admin's client certificate are made by this program, so no SSH to a node is needed.
 */

export interface KubeconfigOptions {
  /** Cluster, user and context name. */
  readonly name: string;
  /** `https://<VIP>:6443` */
  readonly server: string;
  /** The server CA: the API's certificate chains to it. */
  readonly caCertPem: string;
  /** A client certificate the client CA signed, with `O=system:masters`. */
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

export function kubeconfigYaml(options: KubeconfigOptions): string {
  const base64 = (text: string) => Buffer.from(text).toString("base64");
  return stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: options.name, cluster: { server: options.server, "certificate-authority-data": base64(options.caCertPem) } }],
      users: [
        {
          name: options.name,
          user: {
            "client-certificate-data": base64(options.clientCertPem),
            "client-key-data": base64(options.clientKeyPem),
          },
        },
      ],
      contexts: [{ name: options.name, context: { cluster: options.name, user: options.name } }],
      "current-context": options.name,
      preferences: {},
    },
    { lineWidth: 0 },
  );
}
