import { defineLayer } from "./layer";

/**
 * Layers that are planned but not built: their switches exist, so a stack file can already
 * name them, and may only be off, so nobody believes they got something they did not.
 */

function plannedLayer<const Switch extends string>(name: string, switchName: Switch, summary: string) {
  return defineLayer({
    name,
    features: { [switchName]: { summary, default: () => false, keys: [] } } as Record<Switch, { summary: string; default: () => false; keys: [] }>,
    switch: switchName,
    config: {},
  });
}

export const secretsLayer = plannedLayer("secrets", "secrets", "Vault");
export const ssoLayer = plannedLayer("sso", "sso", "Keycloak single sign-on");
export const observabilityLayer = plannedLayer("observability", "observability", "the observability layer (metrics, logs, dashboards, alerts)");
