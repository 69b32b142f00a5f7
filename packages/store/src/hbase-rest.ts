/**
 * A typed, binary-safe wrapper over node-hbase's REST connection. node-hbase decodes cell
 * values as UTF-8 strings, joins repeated query parameters with "," and has no multi-get, so
 * this module builds HBase REST requests itself (JSON with base64 keys, columns and values)
 * and only uses node-hbase for the HTTP transport (TLS, SPNEGO, timeouts).
 */
import hbase, { type Client, type ClientOptions } from "hbase";
import { StoreRequestError, StoreUnavailableError } from "./store.js";

export interface RestCell {
  column: string;
  timestamp: number;
  $: string;
}

export interface RestRow {
  key: string;
  Cell: RestCell[];
}

export interface HBaseRestOptions {
  host: string;
  port: number;
  protocol?: "http" | "https";
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Extra attempts after a connection failure or a 5xx answer. */
  retries?: number;
  /** PEM certificates trusted for https, in place of the system's (a private CA). */
  caPem?: string;
  /** Verify the gateway's certificate over https (default true; false only for local experiments). */
  verifyTls?: boolean;
}

type Method = "get" | "put" | "post" | "delete";

export const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");
export const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
export const fromB64Text = (text: string) => Buffer.from(text, "base64").toString("utf8");

const RETRY_BACKOFF_MS = 100;

// Node's codes for a gateway certificate that does not verify: a configuration problem that
// no retry fixes.
const TLS_VERIFY_ERRORS = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** HTTP status (or network error) to the store's two error kinds. */
function classify(err: Error & { code?: number | string; body?: string }, what: string): Error {
  if (typeof err.code === "string" && TLS_VERIFY_ERRORS.has(err.code)) {
    return new StoreRequestError(`HBase REST ${what}: the gateway's certificate is not trusted (${err.code}: ${err.message}); set HBASE_REST_CA_FILE to the CA that signed it`);
  }
  const status = typeof err.code === "number" ? err.code : undefined;
  if (status === undefined || status >= 500) return new StoreUnavailableError(`HBase REST ${what}: ${err.message}`, { cause: err });
  const detail = (err.body ?? "").split("\n")[0]?.slice(0, 300);
  return new StoreRequestError(`HBase REST ${what}: ${err.message}${detail ? ` (${detail})` : ""}`);
}

export class HBaseRest {
  private readonly client: Client;
  private readonly retries: number;
  private readonly timeoutMs: number;

  constructor(readonly options: HBaseRestOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const clientOptions: ClientOptions = { host: options.host, port: options.port, protocol: options.protocol ?? "http", timeout: this.timeoutMs };
    this.client = hbase(clientOptions);
    // node-hbase turns certificate verification off for every https request; turn it back on.
    // (Its per-request clone of these options copies strings and booleans intact.)
    this.client.connection.options.rejectUnauthorized = options.verifyTls ?? true;
    if (options.caPem !== undefined) this.client.connection.options.ca = options.caPem;
    this.retries = options.retries ?? 2;
  }

  /** One request; resolves with the parsed JSON body (null when empty) and the status code. */
  private once(method: Method, path: string, body?: unknown): Promise<{ body: unknown; status: number; location?: string }> {
    return new Promise((resolve, reject) => {
      const callback = (err: (Error & { code?: number | string; body?: string }) | null, parsed: unknown, response?: { statusCode?: number; headers: Record<string, unknown> }) => {
        // node-hbase treats every status but 200/201 as an error; 204, 304 (a check-and-put whose
        // check failed) and 404 are answers here.
        if (err && (err.code === 204 || err.code === 304 || err.code === 404)) return resolve({ body: null, status: err.code });
        if (err) return reject(err);
        resolve({ body: parsed, status: response?.statusCode ?? 200, ...(typeof response?.headers.location === "string" ? { location: response.headers.location } : {}) });
      };
      const connection = this.client.connection;
      if (method === "get" || method === "delete") connection[method](path, callback);
      else connection[method](path, body ?? "", callback);
    });
  }

  /**
   * A request with bounded retries on connection failures and 5xx answers (all our writes are
   * idempotent). A timed-out attempt is not retried: the caller's deadline is spent, and a
   * gateway that hangs (its cluster is down) would hang again.
   */
  async request(method: Method, path: string, body?: unknown): Promise<{ body: unknown; status: number; location?: string }> {
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      try {
        return await this.once(method, path, body);
      } catch (err) {
        const classified = classify(err as Error & { code?: number }, `${method.toUpperCase()} ${path.split("?")[0]}`);
        const timedOut = Date.now() - started >= this.timeoutMs;
        if (!(classified instanceof StoreUnavailableError) || timedOut || attempt >= this.retries) throw classified;
        await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS * (attempt + 1)));
      }
    }
  }
}

export const encodePath = (part: string) => encodeURIComponent(part);
