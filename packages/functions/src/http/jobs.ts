import { Hono } from "hono";
import { Job } from "@code-remote/core/job";
import { jobListener } from "../notify";
import type { ApiEnv } from "./env";
import { limitBody, rateUseOf, readJson } from "./middleware";

/** POST /execute: accept a job (202); the result arrives over the WebSocket or GET /jobs/:id. */
export const execute = new Hono<ApiEnv>().post("/", limitBody, async (c) => {
  const deps = c.get("deps");
  const userId = c.get("identity").userId;
  const submitDeps = {
    ...deps,
    maxQueuedPerUser: deps.config.limits.maxQueuedPerUser,
    // Counted inside submit, in the same transaction that stores the job.
    rate: rateUseOf(deps, "execute", userId),
  };
  const job = await Job.submit(submitDeps, userId, await readJson(c));
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
    const deps = c.get("deps");
    const job = await Job.cancel({ ...deps, onChange: jobListener(deps) }, c.get("identity").userId, c.req.param("id"));
    return c.json({ job });
  });

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
