import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTestCertificates } from "../../../test/support/certificates.js";
import { clientTls, serviceTls, TlsConfigSchema } from "./tls.js";

describe("TLS configuration", () => {
  const dir = mkdtempSync(join(tmpdir(), "homefeed-tls-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const certs = makeTestCertificates(dir);
  const config = (env: Record<string, string>) => TlsConfigSchema.parse(env);
  const service = { TLS_CERT_FILE: certs.service.cert, TLS_KEY_FILE: certs.service.key, TLS_CA_FILE: certs.ca };

  it("is plaintext by default, TLS with a certificate, mutual TLS with TLS_CLIENT_AUTH=require", () => {
    expect(serviceTls(config({})).mode).toBe("plaintext");
    expect(serviceTls(config(service)).mode).toBe("tls");
    expect(serviceTls(config({ ...service, TLS_CLIENT_AUTH: "require" })).mode).toBe("mutual-tls");
    expect(clientTls(config({ TLS_CA_FILE: certs.ca }))._isSecure()).toBe(true);
    expect(clientTls(config({}))._isSecure()).toBe(false);
  });

  it.each([
    [{ ...service, TLS_CERT_FILE: join(dir, "missing.pem") }, `TLS_CERT_FILE ${join(dir, "missing.pem")}: cannot read`],
    [{ ...service, TLS_KEY_FILE: certs.client.key }, `TLS_KEY_FILE ${certs.client.key} is not the private key of the certificate in TLS_CERT_FILE ${certs.service.cert}`],
    [{ ...service, TLS_CERT_FILE: certs.service.key }, `TLS_CERT_FILE ${certs.service.key}: not a PEM certificate`],
    [{ ...service, TLS_CA_FILE: certs.service.key }, `TLS_CA_FILE ${certs.service.key}: not a PEM certificate`],
    [{ TLS_CERT_FILE: certs.service.cert }, "TLS_KEY_FILE is not set"],
    [{ TLS_CA_FILE: certs.ca }, "a service needs its own certificate"],
    [{ TLS_CERT_FILE: certs.service.cert, TLS_KEY_FILE: certs.service.key, TLS_CLIENT_AUTH: "require" }, "TLS_CLIENT_AUTH=require needs TLS_CA_FILE"],
  ])("refuses bad settings, naming the variable and file: %#", (env, expected) => {
    expect(() => serviceTls(config(env))).toThrow(expected);
  });

  it("refuses an expired certificate", () => {
    expect(() => serviceTls(config(service), new Date(Date.now() + 3 * 86_400_000))).toThrow(/TLS_CERT_FILE .* the certificate expired on/);
  });
});
