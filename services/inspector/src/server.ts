import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { InspectorService, MAX_REQUEST_BYTES } from "@homefeed/proto";
import { inspectorRoutes, type InspectorDeps } from "./inspector-service.js";
import { staticRoutes } from "./static-files.js";

export interface InspectorServer {
  port: number;
  close(): Promise<void>;
}

/** One HTTP port: the Connect API (POST /homefeed.inspector.v1.InspectorService/*), the page, reports, /healthz. */
export async function startInspectorServer(deps: InspectorDeps & { webDir: string; host: string; port: number }): Promise<InspectorServer> {
  const files = staticRoutes(deps.webDir, deps.artifacts, deps.logger);
  const handler = connectNodeAdapter({
    routes: inspectorRoutes(deps),
    // The page asks for JSON; nothing here is worth compressing on a loopback or port-forward.
    acceptCompression: [],
    readMaxBytes: MAX_REQUEST_BYTES[InspectorService.typeName],
    // Served over HTTP/1.1 (createServer below), so these are node:http's request and response.
    fallback: (req, res) => {
      const response = res as ServerResponse;
      files(req as IncomingMessage, response).catch((err: unknown) => {
        deps.logger.error({ err }, "static file failed");
        if (!response.headersSent) response.writeHead(500).end();
      });
    },
  });
  const server: Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
