import { SECRETS_CHARTS, VaultSecrets } from "../../components/platform";
import { SSO_HOST } from "../../components/platform";
import { defineLayer } from "./layer";
import { vaultProblems, vaultSchema } from "./secrets-config";

/**
 * Vault at `https://vault.<domain>`, unsealed and configured in the cluster, and the
 * External Secrets Operator: with it on, every layer's credentials reach their namespaces
 * from Vault.
 */
export const secretsLayer = defineLayer({
  name: "secrets",
  features: {
    secrets: {
      summary: "Vault, and every credential delivered from it by the External Secrets Operator",
      // Vault, its unsealer and the operator fit the lean budget beside the rest.
      default: () => true,
      keys: ["vault"],
    },
  },
  switch: "secrets",
  config: { vault: vaultSchema },
  checks: [{ needs: ["vault"], run: (c) => vaultProblems(c.vault) }],
  charts: SECRETS_CHARTS,
  needs: ["system"],
  build: ({ config, target, endpoints, platform, opts }) => {
    const { system } = platform;
    // The sso layer comes after this one, but Vault's pods must reach its issuer from their first start.
    const ssoOn = (config.features as Readonly<Record<string, boolean>>).sso === true;
    const secrets = new VaultSecrets(
      "secrets",
      {
        // Raft needs three voters to survive losing one; lean sizing runs one.
        replicas: target.sizing === "full" ? 3 : 1,
        sizing: target.sizing,
        storageClass: target.storage.rwo.className,
        issuer: system.localIssuer,
        caCertificate: system.caCertificate,
        exposure: system.exposure,
        issuerHost: ssoOn ? SSO_HOST : undefined,
        appNamespaces: config.vault.appNamespaces,
      },
      opts,
    );
    return {
      provides: { credentialDelivery: secrets.delivery, vault: secrets },
      outputs: {
        values: {
          /**
           * Vault's UI, and its recovery material as the unsealer stored it (secret): the
           * unseal key and the root token, for a person recovering Vault by hand.
           */
          vault: { url: endpoints.urls().vault!, recovery: secrets.recovery },
        },
      },
      // Every credential is delivered by now: the configuration Job's input is complete.
      complete: () => {
        secrets.configure();
      },
    };
  },
  examples: {
    "minikube with Vault": {
      target: "minikube",
      domain: "homelab.test",
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
      features: { secrets: true },
    },
    "minikube with Vault, single sign-on and an app namespace": {
      target: "minikube",
      domain: "homelab.test",
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
      features: { secrets: true, sso: true },
      vault: { appNamespaces: ["shop"] },
    },
  },
});
