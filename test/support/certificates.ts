import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CertificateFiles {
  cert: string;
  key: string;
}

export interface TestCertificates {
  /** The CA that signed `service` and `client`. */
  ca: string;
  /** For the services: valid for 127.0.0.1 and localhost, as server and as client. */
  service: CertificateFiles;
  /** A client's certificate (mutual TLS). */
  client: CertificateFiles;
  /** Signed by another CA: a client the services must not trust. */
  stranger: CertificateFiles;
}

const openssl = (dir: string, args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });

// P-256 keys: made in milliseconds, unlike RSA.
const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function certificateAuthority(dir: string, name: string): { cert: string; key: string } {
  openssl(dir, ["req", "-x509", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.pem`, "-days", "2", "-subj", `/CN=${name}`]);
  return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
}

function signed(dir: string, name: string, ca: { cert: string; key: string }): CertificateFiles {
  const extensions = join(dir, `${name}.ext`);
  writeFileSync(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
  openssl(dir, ["req", "-new", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial", "-out", `${name}.pem`, "-days", "2", "-extfile", extensions]);
  return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
}

/** A test CA with a service and a client certificate, and a stranger's certificate from another CA, made with openssl in dir. */
export function makeTestCertificates(dir: string): TestCertificates {
  const ca = certificateAuthority(dir, "homefeed-test-ca");
  const otherCa = certificateAuthority(dir, "other-ca");
  return { ca: ca.cert, service: signed(dir, "service", ca), client: signed(dir, "client", ca), stranger: signed(dir, "stranger", otherCa) };
}
