import { SECRETS_CHARTS, VaultSecrets } from "../../components/platform";
import { defineLayer } from "./layer";

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
      keys: [],
    },
  },
  switch: "secrets",
  config: {},
  charts: SECRETS_CHARTS,
  needs: ["system"],
  build: ({ target, endpoints, platform, opts }) => {
    const { system } = platform;
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
      },
      opts,
    );
    return {
      provides: { credentialDelivery: secrets.delivery },
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
  },
});
