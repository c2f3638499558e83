import { access, writeFile } from "node:fs/promises";
import type { Log } from "./log.ts";

/** Where Kubernetes reads a container's termination message unless the pod says otherwise. */
const DEFAULT_TERMINATION_LOG = "/dev/termination-log";

/** Kubernetes keeps at most this much of the message. */
const MAX_BYTES = 4096;

/**
 * Leaves the gate's last word where `kubectl describe` and Pulumi's Job await show it.
 * Without an explicit path the default file is written only where Kubernetes mounted it,
 * so a run on a workstation does not create files in /dev.
 */
export async function writeTerminationMessage(path: string | undefined, message: string, log: Log): Promise<void> {
  const target = path || DEFAULT_TERMINATION_LOG;
  if (!path && !(await exists(target))) return;
  try {
    await writeFile(target, Buffer.from(message).subarray(0, MAX_BYTES));
  } catch (error) {
    log(`cannot write the termination message to ${target}: ${(error as Error).message}`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
