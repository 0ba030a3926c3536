import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { extname, join, resolve } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { type Context, Hono } from "hono";
import type { WebRuntimeConfig } from "@code-remote/core/contract";
import { closeServer, listen } from "./net";

const MISSING_BUILD = `<!doctype html><meta charset="utf-8"><title>Code Remote</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>The web app is not built</h1>
<p>The local cloud is running, but <code>packages/web/dist</code> does not exist.
Run <code>npm run build:web</code> (or just <code>npm start</code>, which builds it first) and reload.</p>`;

export interface StaticWeb {
  url: string;
  stop(): Promise<void>;
}

/** Vite's hashed files under /assets never change, so they may be cached for good. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * The built SPA plus /config.json, as the StaticSite's CDN serves it in the cloud: files by path
 * (@hono/node-server's serveStatic, which refuses `..` and encoded separators), client-side routes
 * answered with index.html, a missing asset a 404 (a stale tab asking for old hashes should fail
 * loudly, not get HTML). index.html and config.json are revalidated on each load so a rebuild or a
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
  const app = new Hono();
  app.use("*", async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return c.text("Method Not Allowed", 405);
    await next();
    c.header("x-content-type-options", "nosniff");
  });
  app.get("/config.json", (c) => {
    c.header("cache-control", "no-cache");
    return c.json(opts.config());
  });
  if (root) {
    app.use(
      "*",
      serveStatic({
        root,
        onFound: (path, c) => {
          c.header("cache-control", path.startsWith(join(root, "assets")) ? IMMUTABLE : "no-cache");
        },
      }),
    );
  }
  const noCache = (_path: string, c: Context) => void c.header("cache-control", "no-cache");
  app.get(
    "*",
    async (c, next) => {
      if (!root) return c.text("Not Found: this stack serves no web app (webDist: false)", 404);
      if (!existsSync(join(root, "index.html"))) return c.html(MISSING_BUILD, 503);
      if (c.req.path.startsWith("/assets/") || extname(c.req.path) !== "") return c.text("Not Found", 404);
      await next();
    },
    serveStatic({ root: root ?? "", path: "index.html", onFound: noCache }),
  );
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const port = await listen(server, "web", opts.port, opts.host);
  return { url: `http://${opts.host}:${port}`, stop: () => closeServer(server) };
}
