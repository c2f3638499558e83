import { type CheckedResource, identify, isObject, kindOf } from "../resource";

/** Keys that name a credential (`password`, `db_password`, `apiKey`, `client-secret`, `token`, `private.key`). */
const SECRET_KEY = /(pass(word|wd)?|secret|token|api[-_.]?key|private[-_.]?key|credentials?)$/i;

/** Values that are credentials whatever their key: private keys, password hashes, URLs with a password. */
const SECRET_VALUES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "a bcrypt hash", pattern: /\$2[aby]\$\d\d\$/ },
  { what: "a URL with a password", pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i },
];

/**
 * ConfigMaps are readable by anyone who may read the namespace's configuration and are
 * printed by `kubectl describe`; credentials go in Secrets (ctx.credentials).
 */
export function noSecretsInConfigMaps(resource: CheckedResource): string[] {
  if (kindOf(resource) !== "ConfigMap") return [];
  const subject = identify(resource);
  const entries = (["data", "binaryData"] as const).flatMap((field) =>
    Object.entries(isObject(resource.props[field]) ? resource.props[field] : {}).map(([key, value]) => ({ key: `${field}.${key}`, name: key, value })),
  );
  return entries.flatMap(({ key, name, value }) => {
    if (SECRET_KEY.test(name)) return [`${subject}: ${key} is named like a credential; put it in a Secret`];
    const found = typeof value === "string" ? SECRET_VALUES.find((s) => s.pattern.test(value)) : undefined;
    return found ? [`${subject}: ${key} holds ${found.what}; put it in a Secret`] : [];
  });
}
