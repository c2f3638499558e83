import { Sso, SSO_CHARTS } from "../../components/platform";
import type { CrossCheck } from "../config-checks";
import { defineLayer, type ParsedLayerConfig } from "./layer";
import { ssoCertificateProblems, type SsoCertificateChecked, ssoProblems, ssoSchema } from "./sso-config";

const SSO_KEYS = { sso: ssoSchema };
const certificateCheck: CrossCheck<SsoCertificateChecked> = { needs: ["features", "tls"], run: (c) => ssoCertificateProblems(c) };

/**
 * Keycloak at `https://auth.<domain>` with the realm `homelab`: its groups, the stack
 * file's people, and an OIDC client for every UI of a later layer that asks for one
 * (`PlatformServices.sso`). The realm is declared once every layer is built.
 */
export const ssoLayer = defineLayer({
  name: "sso",
  features: {
    sso: {
      summary: "Keycloak single sign-on",
      // UIs fetch the issuer's keys at https://auth.<domain> through the ingress address,
      // which pods reach only where it is MetalLB's: the built-in load balancer and the
      // tunnel give the host's loopback.
      default: (_target, stack) => stack.loadBalancer === "metallb",
      keys: ["sso"],
    },
  },
  switch: "sso",
  config: SSO_KEYS,
  checks: [
    { needs: ["sso"], run: (c) => ssoProblems(c.sso) },
    // Another layer's key: checked with the parsed config at hand.
    certificateCheck as unknown as CrossCheck<ParsedLayerConfig<typeof SSO_KEYS, "sso">>,
  ],
  charts: SSO_CHARTS,
  needs: ["system"],
  build: ({ config, target, credentials, platform, opts }) => {
    const system = platform.system;
    const sso = new Sso(
      "sso",
      {
        people: config.sso.people,
        storageClass: target.storage.rwo.className,
        sizing: target.sizing,
        postgresOperator: system.cloudnativePg.ready,
        exposure: system.exposure,
        credentials,
        issuerCa: system.gatewayCa,
        traefik: system.traefik.chart,
      },
      opts,
    );
    // Vault's UI and CLI log people in through the realm.
    platform.vault?.signInWith(sso.clients, sso.realmSynced);
    return {
      provides: { sso: sso.clients },
      outputs: {
        credentials: { keycloak: { username: sso.keycloak.admin.username, password: sso.keycloak.admin.password } },
        values: {
          /** The realm's issuer, and each person's first password (secret), which they change at the first login. */
          sso: {
            issuer: sso.issuerUrl,
            people: Object.fromEntries(Object.entries(sso.initialPasswords).map(([username, password]) => [username, { initialPassword: password }])),
          },
        },
      },
      complete: () => sso.declareRealm(),
    };
  },
  examples: {
    "minikube with single sign-on and two people": {
      target: "minikube",
      domain: "homelab.test",
      loadBalancer: { pools: [{ name: "default", addresses: ["192.168.49.200-192.168.49.250"] }] },
      features: { sso: true },
      sso: {
        people: [
          { username: "alice", email: "alice@homelab.test", name: "Alice", groups: ["admins", "users"] },
          { username: "bob", email: "bob@homelab.test" },
        ],
      },
    },
  },
});
