import { createReadStream, existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { closeServer, listen } from "./net";

/** What the web app fetches at start (packages/web/src/config.ts): the local ports are only known now. */
export interface WebRuntimeConfig {
  apiUrl: string;
  wsUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  userPoolEndpoint: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

const MISSING_BUILD = `<!doctype html><meta charset="utf-8"><title>Code Remote</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>The web app is not built</h1>
<p>The local cloud is running, but <code>packages/web/dist</code> does not exist.
Run <code>npm run build:web</code> (or just <code>npm start</code>, which builds it first) and reload.</p>`;

export interface StaticWeb {
  url: string;
  stop(): Promise<void>;
}

/**
 * The built SPA plus /config.json. Vite's hashed files under /assets never change, so they may be cached
 * for good; everything else (index.html, config.json) is revalidated on each load so a rebuild or a
 * restart on new ports is picked up by a plain reload.
 */
export async function startStaticWeb(opts: {
  port: number;
  host: string;
  /** Built app directory, or false to serve only /config.json. */
  dist: string | false;
  config: () => WebRuntimeConfig;
}): Promise<StaticWeb> {
  const root = opts.dist === false ? undefined : resolve(opts.dist);

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-cache" });
    res.end(body);
  };

  async function sendFile(res: ServerResponse, file: string, head: boolean) {
    const info = await stat(file);
    const immutable = file.startsWith(join(root!, "assets") + sep);
    res.writeHead(200, {
      "content-type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": info.size,
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    });
    if (head) return void res.end();
    createReadStream(file).pipe(res);
  }

  /** A path inside root, or undefined for anything escaping it (`..`, encoded or not). */
  async function resolveFile(pathname: string): Promise<string | undefined> {
    if (!root) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    const file = normalize(join(root, decoded));
    if (file !== root && !file.startsWith(root + sep)) return undefined;
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile()) return file;
    if (info?.isDirectory() && existsSync(join(file, "index.html"))) return join(file, "index.html");
    return undefined;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const { pathname } = new URL(req.url ?? "/", "http://x");
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "Method Not Allowed");
      if (pathname === "/config.json") return send(res, 200, TYPES[".json"]!, JSON.stringify(opts.config()));
      const file = await resolveFile(pathname);
      if (file) return sendFile(res, file, req.method === "HEAD");
      if (!root) return send(res, 404, "text/plain", "Not Found: this stack serves no web app (webDist: false)");
      const index = join(root, "index.html");
      if (!existsSync(index)) return send(res, 503, TYPES[".html"]!, MISSING_BUILD);
      // A missing asset is a 404 (a stale tab asking for old hashes should fail loudly, not get HTML);
      // any other path is a client-side route: SPA fallback to index.html.
      if (pathname.startsWith("/assets/") || extname(pathname) !== "") return send(res, 404, "text/plain", "Not Found");
      return sendFile(res, index, req.method === "HEAD");
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, "text/plain", `Internal error: ${String(err)}`);
      else res.destroy();
    });
  });
  const port = await listen(server, "web", opts.port, opts.host);
  return { url: `http://${opts.host}:${port}`, stop: () => closeServer(server) };
}
