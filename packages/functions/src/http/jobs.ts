import { Hono } from "hono";
import { Job } from "@code-remote/core/job";
import type { ApiEnv } from "./env";
import { limitBody, rateLimit, readJson } from "./middleware";

/** POST /execute: accept a job (202); the result arrives over the WebSocket or GET /jobs/:id. */
export const execute = new Hono<ApiEnv>().post("/", limitBody, rateLimit("execute"), async (c) => {
  const deps = c.get("deps");
  const userId = c.get("identity").userId;
  const job = await Job.submit(
    { ...deps, maxQueuedPerUser: deps.config.limits.maxQueuedPerUser },
    userId,
    await readJson(c),
  );
  deps.log("info", "job submitted", { jobId: job.jobId, userId: job.userId, attempt: job.attempt });
  return c.json({ job }, 202);
});

export const jobs = new Hono<ApiEnv>()
  .get("/", async (c) => {
    const page = await Job.list(c.get("deps"), c.get("identity").userId, c.req.query());
    return c.json(page);
  })
  .get("/:id", async (c) => {
    // The whole result, from the bucket when the item keeps a compact one (too large for a table item).
    const job = await Job.getWhole(c.get("deps"), c.get("identity").userId, c.req.param("id"));
    return c.json({ job });
  })
  /**
   * The job's trace, streamed from the bucket through the API as `{"trace": <Trace>}`: the bucket
   * stays private (no URL that works without the caller's token), the owner check is GET /jobs/:id's.
   */
  .get("/:id/trace", async (c) => {
    const stored = await Job.trace(c.get("deps"), c.get("identity").userId, c.req.param("id"));
    return c.body(wrapped(stored.body, '{"trace":', "}"), 200, {
      "content-type": "application/json; charset=utf-8",
      // Owner-only data: no shared cache may keep it.
      "cache-control": "private, no-store",
      ...(stored.bytes !== undefined ? { "content-length": String(stored.bytes + '{"trace":}'.length) } : {}),
    });
  })
  .post("/:id/cancel", async (c) => {
    const job = await Job.cancel(c.get("deps"), c.get("identity").userId, c.req.param("id"));
    return c.json({ job });
  })
  /** Rename: `{title}` (1–100 characters, trimmed), `null` or "" clears it. */
  .patch("/:id", limitBody, async (c) => {
    const job = await Job.rename(c.get("deps"), c.get("identity").userId, c.req.param("id"), await readJson(c));
    return c.json({ job });
  })
  /** Delete a run that has ended, with its share link and stored objects; 409 JOB_STILL_RUNNING while it waits or runs. */
  .delete("/:id", async (c) => {
    const deps = c.get("deps");
    await Job.remove(
      { ...deps, warn: (message, fields) => deps.log("warn", message, fields) },
      c.get("identity").userId,
      c.req.param("id"),
    );
    return c.body(null, 204);
  })
  /** Share by link: `{token, url}`, the same while the run stays shared. */
  .post("/:id/share", async (c) => {
    const deps = c.get("deps");
    const { token } = await Job.share(deps, c.get("identity").userId, c.req.param("id"));
    return c.json({ token, url: shareUrl(c.req.header("origin"), token) });
  })
  .delete("/:id/share", async (c) => {
    await Job.revokeShare(c.get("deps"), c.get("identity").userId, c.req.param("id"));
    return c.body(null, 204);
  });

/** GET /shared/:token: a shared run, for anyone signed in with its link (404 NOT_FOUND when revoked or unknown). */
export const shared = new Hono<ApiEnv>().get("/:token", async (c) => {
  const run = await Job.shared(c.get("deps"), c.get("identity").userId, c.req.param("token"));
  c.header("cache-control", "private, no-store");
  return c.json({ run });
});

/**
 * The share page's link: the web app's origin is the caller's (the browser sends it with every
 * cross-origin call); without one (a script) it is the path alone, `/s/<token>` on the web app.
 */
export function shareUrl(origin: string | undefined, token: string): string {
  const path = `/s/${token}`;
  if (!origin) return path;
  try {
    const url = new URL(origin);
    return url.protocol === "https:" || url.protocol === "http:" ? `${url.origin}${path}` : path;
  } catch {
    return path;
  }
}

/** A stream between two pieces of text, passed through without buffering or parsing it. */
function wrapped(body: ReadableStream<Uint8Array>, before: string, after: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const reader = body.getReader();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(before));
        return;
      }
      const { done, value } = await reader.read();
      if (done) {
        controller.enqueue(encoder.encode(after));
        controller.close();
      } else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
