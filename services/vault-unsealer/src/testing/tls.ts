import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
  /** A folder for the test's files, holding the certificate too. */
  readonly dir: string;
}

/** A certificate for 127.0.0.1 made with the openssl CLI, so the clients check it against a CA as in a pod. */
export async function testCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), "vault-unsealer-"));
  const keyPath = join(dir, "tls.key");
  const certPath = join(dir, "tls.crt");
  await promisify(execFile)("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyPath, "-out", certPath, "-days", "1",
    "-subj", "/CN=test", "-addext", "subjectAltName=IP:127.0.0.1",
  ]);
  const [key, cert] = await Promise.all([readFile(keyPath, "utf8"), readFile(certPath, "utf8")]);
  return { key, cert, dir };
}
