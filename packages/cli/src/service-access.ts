import { status } from "@grpc/grpc-js";
import { clientTls, isServiceError, loadConfig, TlsConfigSchema, type ClientOptions } from "@homefeed/rpc";

/**
 * How the CLI reaches the services: the API key in HOMEFEED_API_KEY for the public APIs, and
 * TLS from the same TLS_* variables the services read (TLS_CA_FILE alone is enough for TLS;
 * TLS_CERT_FILE and TLS_KEY_FILE add a client certificate for TLS_CLIENT_AUTH=require).
 */
export function serviceAccess(env: NodeJS.ProcessEnv = process.env): Pick<ClientOptions, "credentials" | "apiKey"> {
  return { credentials: clientTls(loadConfig(TlsConfigSchema, env)), apiKey: env.HOMEFEED_API_KEY || undefined };
}

/** A refused call's error, with a hint where the CLI takes the key from. */
export function explainRefusal(err: unknown): unknown {
  if (isServiceError(err) && err.code === status.UNAUTHENTICATED) {
    return new Error(`${err.message} (the CLI sends the key in HOMEFEED_API_KEY${process.env.HOMEFEED_API_KEY ? ", which is set" : ", which is not set"})`);
  }
  return err;
}
