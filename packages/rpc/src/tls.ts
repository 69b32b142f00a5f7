import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { checkServerIdentity } from "node:tls";
import { credentials, ServerCredentials, type ChannelCredentials } from "@grpc/grpc-js";
import { z } from "zod";
import { ConfigError } from "./config.js";

/** TLS between the services and for their clients; plaintext when none is set (docs/security.md). */
export const TlsConfigSchema = z.object({
  /** This process's certificate (PEM, leaf first): served to clients, and shown to peers when they ask for one. */
  TLS_CERT_FILE: z.string().default(""),
  /** The private key of TLS_CERT_FILE (PEM). */
  TLS_KEY_FILE: z.string().default(""),
  /** The CA(s) that signed the peers' certificates (PEM); empty: the system CAs. */
  TLS_CA_FILE: z.string().default(""),
  /** require: clients must present a certificate signed by TLS_CA_FILE (mutual TLS). */
  TLS_CLIENT_AUTH: z.enum(["none", "require"]).default("none"),
  /** The name servers' certificates are checked against, when it is not the address's host (e.g. a port-forward to 127.0.0.1). */
  TLS_SERVER_NAME: z.string().default(""),
});
export type TlsConfig = z.infer<typeof TlsConfigSchema>;

export type TlsMode = "plaintext" | "tls" | "mutual-tls";

export interface ServiceTls {
  mode: TlsMode;
  /** For the service's own ports. */
  server: ServerCredentials;
  /** For its calls to peers (and health checks of it): TLS with its certificate as client certificate. */
  channel: ChannelCredentials;
}

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(`${variable} ${file}: cannot read: ${(err as Error).message}`);
  }
}

function parsed<T>(variable: string, file: string, what: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new ConfigError(`${variable} ${file}: not a PEM ${what} (${(err as Error).message})`);
  }
}

/** Reads and checks the certificate and its key: readable, PEM, matching, not expired. */
function keyPair(config: TlsConfig, now: Date) {
  const { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } = config;
  if (certFile === "" && keyFile === "") return undefined;
  if (keyFile === "") throw new ConfigError(`TLS_KEY_FILE is not set: TLS_CERT_FILE ${certFile} needs its private key`);
  if (certFile === "") throw new ConfigError(`TLS_CERT_FILE is not set: TLS_KEY_FILE ${keyFile} needs its certificate`);
  const certPem = readPem("TLS_CERT_FILE", certFile);
  const keyPem = readPem("TLS_KEY_FILE", keyFile);
  const certificate = parsed("TLS_CERT_FILE", certFile, "certificate", () => new X509Certificate(certPem));
  const key: KeyObject = parsed("TLS_KEY_FILE", keyFile, "private key", () => createPrivateKey(keyPem));
  if (!certificate.checkPrivateKey(key)) throw new ConfigError(`TLS_KEY_FILE ${keyFile} is not the private key of the certificate in TLS_CERT_FILE ${certFile}`);
  if (new Date(certificate.validTo) < now) throw new ConfigError(`TLS_CERT_FILE ${certFile}: the certificate expired on ${certificate.validTo}`);
  return { cert: certPem, key: keyPem };
}

/** TLS to a server, checking its certificate names TLS_SERVER_NAME when set, else the host dialled. */
function secureChannel(config: TlsConfig, ca: Buffer | null, pair: { cert: Buffer; key: Buffer } | undefined): ChannelCredentials {
  const serverName = config.TLS_SERVER_NAME;
  const verify = serverName === "" ? {} : { checkServerIdentity: (_host: string, cert: Parameters<typeof checkServerIdentity>[1]) => checkServerIdentity(serverName, cert) };
  return credentials.createSsl(ca, pair?.key ?? null, pair?.cert ?? null, verify);
}

function caBundle(config: TlsConfig): Buffer | null {
  if (config.TLS_CA_FILE === "") return null;
  const pem = readPem("TLS_CA_FILE", config.TLS_CA_FILE);
  parsed("TLS_CA_FILE", config.TLS_CA_FILE, "certificate", () => new X509Certificate(pem));
  return pem;
}

/**
 * A service's credentials. With a certificate it serves TLS on every port and dials its peers
 * with TLS, showing the same certificate (so TLS_CLIENT_AUTH=require works between services);
 * without one, everything stays plaintext. Bad files stop the service, naming the variable and file.
 */
export function serviceTls(config: TlsConfig, now = new Date()): ServiceTls {
  const pair = keyPair(config, now);
  const ca = caBundle(config);
  const mutual = config.TLS_CLIENT_AUTH === "require";
  if (!pair) {
    if (ca || mutual) throw new ConfigError(`TLS_CERT_FILE and TLS_KEY_FILE are not set: a service needs its own certificate to serve TLS (TLS_CA_FILE${mutual ? " and TLS_CLIENT_AUTH" : ""} set without them)`);
    return { mode: "plaintext", server: ServerCredentials.createInsecure(), channel: credentials.createInsecure() };
  }
  if (mutual && !ca) throw new ConfigError("TLS_CLIENT_AUTH=require needs TLS_CA_FILE: the CA that signed the clients' certificates");
  return {
    mode: mutual ? "mutual-tls" : "tls",
    server: ServerCredentials.createSsl(ca, [{ cert_chain: pair.cert, private_key: pair.key }], mutual),
    channel: secureChannel(config, ca, pair),
  };
}

/**
 * A client's credentials (the CLI, tests): TLS when TLS_CA_FILE or a certificate is set, with
 * the certificate as client certificate when there is one; plaintext otherwise.
 */
export function clientTls(config: TlsConfig, now = new Date()): ChannelCredentials {
  const pair = keyPair(config, now);
  const ca = caBundle(config);
  if (!pair && !ca) return credentials.createInsecure();
  return secureChannel(config, ca, pair);
}
