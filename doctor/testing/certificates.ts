import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

/**
 * A self-signed certificate made with the openssl CLI, so the fake API server is checked
 * against a CA exactly as a real one is, and a client certificate is one kubectl could send.
 */
export function selfSigned(dir: string, name: string, subject: string, extensions: readonly string[] = []): KeyPair {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  const args = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"];
  try {
    execFileSync("openssl", [...args, "-keyout", key, "-out", cert, "-subj", subject, ...extensions.flatMap((e) => ["-addext", e])], { stdio: "pipe" });
  } catch (error) {
    throw new Error(`the doctor's tests make their certificates with openssl (apt-get install openssl): ${(error as Error).message}`);
  }
  return { cert: readFileSync(cert, "utf8"), key: readFileSync(key, "utf8") };
}
