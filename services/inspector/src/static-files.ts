import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { ARTIFACT_NAME, ARTIFACT_VERSION, ArtifactNotFoundError, REPORT_FILE, type FsArtifactStore } from "@homefeed/model";
import type { Logger } from "@homefeed/rpc";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

// The page loads only its own scripts and styles and talks only to this origin.
const PAGE_POLICY = "default-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'";
// Training reports are static HTML with inline SVG and one style block: no scripts at all.
const REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function send(res: ServerResponse, code: number, type: string, body: string | Uint8Array, policy = PAGE_POLICY) {
  res.writeHead(code, { "content-type": type, "content-security-policy": policy, "x-content-type-options": "nosniff", "cache-control": "no-cache" });
  res.end(body);
}

const notFound = (res: ServerResponse, what: string) => send(res, 404, "text/plain; charset=utf-8", `${what} not found\n`);

/**
 * What the inspector serves besides its API: the built web page (its own files only, no
 * directory listing), training reports out of the artifact store, and a health check.
 */
export function staticRoutes(webDir: string, artifacts: FsArtifactStore, logger: Logger) {
  async function serveWebFile(res: ServerResponse, path: string) {
    const relative = normalize(path === "/" ? "index.html" : decodeURIComponent(path).slice(1));
    if (relative.startsWith("..") || relative.includes(`${sep}..`) || relative.startsWith(sep)) return notFound(res, path);
    const type = CONTENT_TYPES[extname(relative)];
    if (!type) return notFound(res, path);
    const body = await readFile(join(webDir, relative)).catch(() => undefined);
    if (!body) return notFound(res, path);
    send(res, 200, type, body);
  }

  async function serveReport(res: ServerResponse, name: string, version: string) {
    if (!ARTIFACT_NAME.test(name) || !ARTIFACT_VERSION.test(version)) return notFound(res, "report");
    try {
      const { files } = await artifacts.load(name, version);
      const report = files[REPORT_FILE];
      if (!report) return notFound(res, `training report of ${name}@${version}`);
      send(res, 200, CONTENT_TYPES[".html"]!, report, REPORT_POLICY);
    } catch (err) {
      if (err instanceof ArtifactNotFoundError) return notFound(res, `${name}@${version}`);
      logger.warn({ err, model: `${name}@${version}` }, "training report unreadable");
      send(res, 422, "text/plain; charset=utf-8", `${name}@${version} cannot be read: ${(err as Error).message}\n`);
    }
  }

  return async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://inspector").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain; charset=utf-8", "method not allowed\n");
    if (path === "/healthz") return send(res, 200, "text/plain; charset=utf-8", "ok\n");
    const report = /^\/reports\/([^/]+)\/([^/]+)$/.exec(path);
    if (report) return serveReport(res, report[1]!, report[2]!);
    return serveWebFile(res, path);
  };
}
