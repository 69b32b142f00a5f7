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
}

type Method = "get" | "put" | "post" | "delete";

export const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");
export const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
export const fromB64Text = (text: string) => Buffer.from(text, "base64").toString("utf8");

const RETRY_BACKOFF_MS = 100;

/** HTTP status (or network error) to the store's two error kinds. */
function classify(err: Error & { code?: number | string; body?: string }, what: string): Error {
  const status = typeof err.code === "number" ? err.code : undefined;
  if (status === undefined || status >= 500) return new StoreUnavailableError(`HBase REST ${what}: ${err.message}`, { cause: err });
  const detail = (err.body ?? "").split("\n")[0]?.slice(0, 300);
  return new StoreRequestError(`HBase REST ${what}: ${err.message}${detail ? ` (${detail})` : ""}`);
}

export class HBaseRest {
  private readonly client: Client;
  private readonly retries: number;

  constructor(readonly options: HBaseRestOptions) {
    const clientOptions: ClientOptions = { host: options.host, port: options.port, protocol: options.protocol ?? "http", timeout: options.timeoutMs ?? 10_000 };
    this.client = hbase(clientOptions);
    this.retries = options.retries ?? 2;
  }

  /** One request; resolves with the parsed JSON body (null when empty) and the status code. */
  private once(method: Method, path: string, body?: unknown): Promise<{ body: unknown; status: number; location?: string }> {
    return new Promise((resolve, reject) => {
      const callback = (err: (Error & { code?: number | string; body?: string }) | null, parsed: unknown, response?: { statusCode?: number; headers: Record<string, unknown> }) => {
        // node-hbase treats every status but 200/201 as an error; 204 and 404 are answers here.
        if (err && (err.code === 204 || err.code === 404)) return resolve({ body: null, status: err.code });
        if (err) return reject(err);
        resolve({ body: parsed, status: response?.statusCode ?? 200, ...(typeof response?.headers.location === "string" ? { location: response.headers.location } : {}) });
      };
      const connection = this.client.connection;
      if (method === "get" || method === "delete") connection[method](path, callback);
      else connection[method](path, body ?? "", callback);
    });
  }

  /** A request with bounded retries on connection failures and 5xx answers (all our writes are idempotent). */
  async request(method: Method, path: string, body?: unknown): Promise<{ body: unknown; status: number; location?: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(method, path, body);
      } catch (err) {
        const classified = classify(err as Error & { code?: number }, `${method.toUpperCase()} ${path.split("?")[0]}`);
        if (!(classified instanceof StoreUnavailableError) || attempt >= this.retries) throw classified;
        await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS * (attempt + 1)));
      }
    }
  }
}

export const encodePath = (part: string) => encodeURIComponent(part);
