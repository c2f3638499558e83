import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface TestCa {
  /** PEM of the CA certificate, as the `caCertificate` output holds it. */
  readonly cert: string;
  /** A server key and certificate for these DNS names, signed by this CA. */
  issue(names: readonly string[]): Promise<{ readonly key: string; readonly cert: string }>;
  remove(): Promise<void>;
}

const openssl = (args: readonly string[]) => promisify(execFile)("openssl", [...args]);
const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** A CA made with the openssl CLI, like the platform's local CA: a root that signs server certificates. */
export async function testCa(name: string): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), "smoke-ca-"));
  const caKey = join(dir, "ca.key");
  const caCert = join(dir, "ca.crt");
  await openssl([
    "req", "-x509", ...EC_KEY, "-keyout", caKey, "-out", caCert, "-days", "1", "-subj", `/CN=${name}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  let serial = 0;
  return {
    cert: await readFile(caCert, "utf8"),
    async issue(names) {
      serial += 1;
      const base = join(dir, `server-${serial}`);
      await writeFile(`${base}.ext`, `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth\n`);
      await openssl(["req", ...EC_KEY, "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", `/CN=${names[0]}`]);
      await openssl(["x509", "-req", "-in", `${base}.csr`, "-CA", caCert, "-CAkey", caKey, "-set_serial", String(serial), "-days", "1", "-out", `${base}.crt`, "-extfile", `${base}.ext`]);
      const [key, cert] = await Promise.all([readFile(`${base}.key`, "utf8"), readFile(`${base}.crt`, "utf8")]);
      return { key, cert };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
