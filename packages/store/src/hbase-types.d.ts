// Typings for the parts of node-hbase (npm "hbase" 0.6.1, no typings of its own) that
// hbase-rest.ts uses: the client and its raw HTTP connection.
declare module "hbase" {
  import type { IncomingMessage } from "node:http";

  export interface ClientOptions {
    host?: string;
    port?: number | string;
    protocol?: "http" | "https";
    path?: string;
    timeout?: number;
    headers?: Record<string, string>;
    krb5?: Record<string, unknown>;
  }

  type Callback = (err: (Error & { code?: number | string; body?: string }) | null, body: unknown, response?: IncomingMessage) => void;

  export interface Connection {
    /** The options every request is made with (a copy of the client's, passed to http(s).request). */
    options: Record<string, unknown>;
    get(command: string, callback: Callback): void;
    put(command: string, data: unknown, callback: Callback): void;
    post(command: string, data: unknown, callback: Callback): void;
    delete(command: string, callback: Callback): void;
  }

  export interface Client {
    options: ClientOptions;
    connection: Connection;
  }

  const hbase: (options: ClientOptions) => Client;
  export default hbase;
}
