import { Hono } from "hono";
import { cors } from "hono/cors";
import { AppError } from "@code-remote/core/errors";
import type { Deps } from "../deps";
import type { ApiEnv } from "./env";
import { healthRoute } from "./health";
import { analyze } from "./analyze";
import { execute, jobs, shared } from "./jobs";
import { provideDeps, renderError, requireUser } from "./middleware";

/** The API: small routers chained onto one app; the same `fetch` serves Lambda and Node. */
export function createApi(deps: Deps) {
  const authed = new Hono<ApiEnv>()
    .use(requireUser)
    .route("/execute", execute)
    .route("/jobs", jobs)
    .route("/shared", shared)
    .route("/analyze", analyze);
  return new Hono<ApiEnv>()
    .use(
      cors({
        origin: "*",
        allowHeaders: ["Authorization", "Content-Type"],
        allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
        // The web app (another origin) reads it to say when a 429 may be retried.
        exposeHeaders: ["Retry-After"],
        maxAge: 600,
      }),
    )
    .use(provideDeps(deps))
    .route("/health", healthRoute(deps))
    .route("/", authed)
    .notFound((c) => c.json(new AppError("NOT_FOUND", "No such route.").toBody(), 404))
    .onError(renderError);
}

export type Api = ReturnType<typeof createApi>;
