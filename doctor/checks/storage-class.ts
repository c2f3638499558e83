import type { Target } from "../../stacks/targets/target";
import { fail, pass, warn, type CheckResult } from "../check";
import type { StorageClassFacts } from "../cluster-facts";

const CHECK = "StorageClass";

/**
 * The classes the target's volumes ask for: a class the distribution ships must be there
 * already; one the system layer installs needs only that nothing else claims the default.
 */
export function storageClassCheck(classes: readonly StorageClassFacts[], storage: Target["storage"]): CheckResult {
  const wanted = [storage.rwo, ...(storage.rwx && storage.rwx.className !== storage.rwo.className ? [storage.rwx] : [])];
  const missing = wanted.filter((c) => c.provisioner === "builtin" && !classes.some((k) => k.name === c.className));
  const names = classes.map((c) => c.name).join(", ") || "none";
  if (missing.length > 0) {
    return fail(
      CHECK,
      `no ${missing.map((c) => c.className).join(", ")}, which the distribution ships; the cluster has: ${names}`,
      "minikube: `minikube addons enable storage-provisioner default-storageclass`; k3s: do not start it with --disable local-storage",
    );
  }
  const defaults = classes.filter((c) => c.isDefault).map((c) => c.name);
  const rwo = storage.rwo.className;
  const installs = storage.rwo.provisioner === "builtin" ? "" : " (this stack installs it)";
  if (defaults.length > 1) {
    return warn(CHECK, `${defaults.join(" and ")} are all marked default`, "unmark all but one: `kubectl annotate storageclass <name> storageclass.kubernetes.io/is-default-class-`");
  }
  if (storage.rwo.provisioner === "builtin" && !defaults.includes(rwo)) {
    return warn(CHECK, `${rwo} is there but the default is ${defaults[0] ?? "none"}`, `volumes without a class go to the default; mark ${rwo} default if they should land there`);
  }
  return pass(CHECK, `${rwo}${installs}${storage.rwx ? `, ReadWriteMany ${storage.rwx.className}` : ""}; default: ${defaults[0] ?? "none yet"}`);
}
