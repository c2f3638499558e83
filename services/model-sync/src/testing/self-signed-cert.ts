import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

export interface KeyPair {
  readonly key: string;
  readonly cert: string;
}

/**
 * A certificate for 127.0.0.1 made with the openssl CLI (which Debian's ca-certificates
 * depends on), so the fake API server is checked against a CA exactly as in a pod.
 */
export async function selfSignedCert(dir: string): Promise<KeyPair> {
  const keyPath = join(dir, "tls.key");
  const certPath = join(dir, "tls.crt");
  await promisify(execFile)("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyPath, "-out", certPath, "-days", "1",
    "-subj", "/CN=kubernetes", "-addext", "subjectAltName=IP:127.0.0.1",
  ]);
  const [key, cert] = await Promise.all([readFile(keyPath, "utf8"), readFile(certPath, "utf8")]);
  return { key, cert };
}
