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
    const job = await Job.get(c.get("deps"), c.get("identity").userId, c.req.param("id"));
    return c.json({ job });
  })
  .post("/:id/cancel", async (c) => {
    const deps = c.get("deps");
    const job = await Job.cancel({ ...deps, onChange: jobListener(deps) }, c.get("identity").userId, c.req.param("id"));
    return c.json({ job });
  });
