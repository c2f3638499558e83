import { SUPPORTED_KUBERNETES } from "../../stacks/targets/target-facts";
import { fail, pass, warn, type CheckResult } from "../check";

const CHECK = "Kubernetes version";

/** The cluster's version against the range the program is known to run on. */
export function versionCheck(gitVersion: string): CheckResult {
  const { oldest, newest } = SUPPORTED_KUBERNETES;
  const range = `${oldest.major}.${oldest.minor}–${newest.major}.${newest.minor}`;
  const match = /^v?(\d+)\.(\d+)/.exec(gitVersion);
  if (!match) return warn(CHECK, `the API server reports version "${gitVersion}", which is not major.minor`, `make sure it is ${range}`);
  const found = Number(match[1]) * 1000 + Number(match[2]);
  if (found < oldest.major * 1000 + oldest.minor) {
    return fail(CHECK, `${gitVersion} is older than ${range}`, `upgrade the cluster to ${oldest.major}.${oldest.minor} or newer`);
  }
  if (found > newest.major * 1000 + newest.minor) {
    return warn(CHECK, `${gitVersion} is newer than ${range}, which nobody has tried with this program`, `expect surprises, or use ${newest.major}.${newest.minor}`);
  }
  return pass(CHECK, `${gitVersion} (supported: ${range})`);
}
