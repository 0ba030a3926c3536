import { ExecuteRequestSchema, ListJobsQuerySchema, parseInput, type QueueMessage, JobIdSchema } from "../contract";
import { AppError } from "../errors";
import { ResultSchema, TraceSchema, type Result, type Trace } from "../execution";
import type { Clock, IdGenerator, JobQueue, ObjectStore, Sandbox, StoredObject } from "../ports";
import { JOB_TTL_SECONDS, resultKeyOf, traceKeyOf, type Job, type JobState, type ResultPointer, type TracePointer } from "./model";
import { storedResult, utf8Bytes } from "./stored-result";
import { isFinal } from "./state";
import type { OpenJobCounter } from "./open-jobs";
import type { JobAdmission } from "./admission";
import type { EndFields, JobPage, JobStore } from "./store";
import { OutputRelay, type OutputPush } from "./output-relay";

export type JobListener = (job: Job) => Promise<void>;

export interface SubmitDeps {
  jobs: JobStore;
  queue: JobQueue;
  clock: Clock;
  ids: IdGenerator;
  /** At most this many of a user's jobs may wait or run at once (counted by openJobs). */
  maxQueuedPerUser: number;
  openJobs: OpenJobCounter;
  admission: JobAdmission;
}

/** Validate, admit (the user's open-jobs count and the job itself in one transaction), enqueue.
 * A job that was stored but could not be enqueued ends `failed`. */
export async function submitJob(deps: SubmitDeps, userId: string, input: unknown): Promise<Job> {
  const request = parseInput(ExecuteRequestSchema, input);
  const now = deps.clock.now();
  const job: Job = {
    jobId: deps.ids.next(),
    userId,
    code: request.code,
    stdin: request.stdin,
    limits: request.limits,
    ...(request.tests ? { tests: request.tests } : {}),
    mode: request.mode,
    ...(request.profile && !request.tests ? { profile: true } : {}),
    state: "queued",
    attempt: 1,
    createdAt: now,
    expiresAt: Math.floor(now / 1000) + JOB_TTL_SECONDS,
  };
  const limits = { maxOpen: deps.maxQueuedPerUser };
  let refused = await deps.admission.admit(job, limits);
  if (refused === "open") {
    // The counter may have drifted up (a lost release): believe the jobs, not the counter.
    const open = await countUnfinished(deps, userId);
    if (open >= deps.maxQueuedPerUser) throw tooManyJobs(open);
    await deps.openJobs.reset(userId, open);
    refused = await deps.admission.admit(job, limits);
    if (refused === "open") throw tooManyJobs(deps.maxQueuedPerUser); // other submits reached the limit meanwhile
  }
  try {
    await deps.queue.enqueue({ jobId: job.jobId, userId });
  } catch (error) {
    await deps.jobs.end(job, "failed", { reason: "the job queue is unavailable", finishedAt: deps.clock.now() });
    throw new AppError("UNAVAILABLE", "The job queue is unavailable; please try again shortly.", { cause: error });
  }
  return job;
}

function tooManyJobs(open: number): AppError {
  return new AppError("TOO_MANY_JOBS", `You already have ${open} jobs waiting or running; wait for some to finish.`, {
    retryAfterSeconds: 5,
  });
}

/**
 * The user's jobs waiting or running, counted from the jobs (only when the counter says the user is
 * full: it may have drifted). One bounded query: a user's jobs run in submission order, so the
 * unfinished ones are among the newest (twice the limit leaves room for cancelled ones between).
 */
async function countUnfinished(deps: SubmitDeps, userId: string): Promise<number> {
  const states = await deps.jobs.recentStates(userId, deps.maxQueuedPerUser * 2);
  return states.filter((s) => !isFinal(s)).length;
}

/** Another user's job is reported exactly like a missing one: 404, never data. */
export async function getJob(deps: { jobs: JobStore }, userId: string, jobId: string): Promise<Job> {
  const id = JobIdSchema.safeParse(jobId);
  const job = id.success ? await deps.jobs.get(id.data) : undefined;
  if (!job || job.userId !== userId) throw new AppError("JOB_NOT_FOUND", "No such job.");
  return job;
}

/**
 * The caller's own job with its whole result: when the result was too large for the table item, the
 * item's compact one is replaced by the stored object (GET /jobs/:id). Should the object be gone or
 * unreadable, the compact result is what there is.
 */
export async function getWholeJob(deps: { jobs: JobStore; objects?: ObjectStore }, userId: string, jobId: string): Promise<Job> {
  const job = await getJob(deps, userId, jobId);
  if (!job.resultObject || !deps.objects) return job;
  const stored = await deps.objects.get(job.resultObject.key).catch(() => undefined);
  if (!stored) return job;
  let whole: unknown;
  try {
    whole = JSON.parse(await new Response(stored.body).text());
  } catch {
    return job;
  }
  const parsed = ResultSchema.safeParse(whole);
  return parsed.success ? { ...job, result: parsed.data } : job;
}

/**
 * The trace of the caller's own job, as stored: another user's job is JOB_NOT_FOUND (as GET /jobs/:id),
 * a job of theirs without a trace (not a trace run, not finished yet, its trace not kept, or the object
 * gone) NOT_FOUND, its message saying which.
 */
export async function getTrace(deps: { jobs: JobStore; objects: ObjectStore }, userId: string, jobId: string): Promise<StoredObject> {
  const job = await getJob(deps, userId, jobId);
  const stored = job.trace ? await deps.objects.get(job.trace.key) : undefined;
  if (!stored) throw new AppError("NOT_FOUND", traceAbsence(job));
  return stored;
}

function traceAbsence(job: Job): string {
  if (job.mode !== "trace") return "This job was not a trace run: run it again with mode \"trace\".";
  if (job.state === "queued" || job.state === "running") return "The job has not finished yet: its trace is stored when it ends.";
  if (!job.trace) return "This job has no stored trace (it did not finish, or its trace could not be kept).";
  return "This job's trace is no longer stored.";
}

/** What each kind of stored object is called and which job field points at it. */
const OBJECT_KINDS = [
  { prefix: "traces/", pointer: (job: Job) => job.trace?.key },
  { prefix: "results/", pointer: (job: Job) => job.resultObject?.key },
] as const;

/**
 * Remove stored objects (traces, whole results) whose job is gone (expired or deleted) or no longer
 * points at them. For a store with no lifecycle rule of its own (the local S3 twin); in the cloud the
 * bucket's lifecycle rule does it. Returns the keys removed.
 */
export async function sweepOrphanObjects(deps: { jobs: JobStore; objects: ObjectStore }): Promise<string[]> {
  if (!deps.objects.list) throw new Error("this object store cannot list its keys");
  const removed: string[] = [];
  for (const kind of OBJECT_KINDS) {
    for await (const key of deps.objects.list(kind.prefix)) {
      const jobId = /^[a-z]+\/[^/]+\/([^/]+)\.json$/.exec(key)?.[1];
      const job = jobId ? await deps.jobs.get(jobId) : undefined;
      if (job && kind.pointer(job) === key) continue;
      // A job still running may be about to point at its object: only remove what no live job can claim.
      if (job && !isFinal(job.state)) continue;
      await deps.objects.delete(key);
      removed.push(key);
    }
  }
  return removed;
}

/** A page of the user's jobs, newest first, each as listed (see asListed). */
export async function listJobs(deps: { jobs: JobStore }, userId: string, query: unknown): Promise<JobPage> {
  const { cursor, limit } = parseInput(ListJobsQuerySchema, query);
  const page = await deps.jobs.listByUser(userId, { limit, ...(cursor ? { cursor } : {}) });
  return { ...page, jobs: page.jobs.map(asListed) };
}

/**
 * A job as a listing shows it: figures (up to ~128 KB of base64 each result) are left out and
 * counted in `result.omittedImages`, and so is a running job's output so far, so a page of history
 * stays small; GET /jobs/:id has them.
 */
export function asListed(job: Job): Job {
  const { output: _live, ...listed } = job; // a running job's output so far: GET /jobs/:id has it
  if (!listed.result?.images?.length) return listed;
  const { images, ...rest } = listed.result;
  return { ...listed, result: { ...rest, omittedImages: images.length } };
}

export interface RunDeps {
  jobs: JobStore;
  sandbox: Sandbox;
  clock: Clock;
  /** Told of every state change; failures to tell must not fail the job. */
  onChange: JobListener;
  /** How often a running job's record is re-read to notice a cancel (default 500 ms). */
  cancelPollMs?: number;
  /** Where a running job's output goes as it is printed (to its owner); without it, only the result has it. */
  outputTo?: (job: Job) => OutputPush;
  /**
   * Where a trace run's trace and a result too large for the table item are stored (the job keeps a
   * pointer); without it, a trace is not kept and a large result only as its compact form.
   */
  objects?: ObjectStore;
  /** Told of what went wrong on the side (a trace that could not be stored); the job still ends. */
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

export type RunOutcome = "finished" | "ignored";

/** A job is tried at most this many times (platform faults only: a dead runner, a dead worker). */
export const MAX_ATTEMPTS = 3;

/** Thrown when the job changed under us in a way another delivery must sort out. */
export class RetryLater extends Error {
  override readonly name = "RetryLater";
}

/**
 * Run one delivery of a queue message. Idempotent: a delivery for a final job is ignored; a
 * delivery for a running job means the previous worker died, so the job is requeued (attempt + 1)
 * and claimed again. Only the attempt that claimed the job can finish it. A platform fault in the
 * sandbox (internal_error) is retried at once with a new attempt, up to MAX_ATTEMPTS.
 */
export async function runJob(deps: RunDeps, message: QueueMessage): Promise<RunOutcome> {
  // The common case in one conditional write: a queued job of this owner is claimed as it stands.
  let claimed = await deps.jobs.transition(message.jobId, {
    to: "running",
    from: ["queued"],
    userId: message.userId,
    set: { startedAt: deps.clock.now() },
  });
  let job = claimed ?? (await deps.jobs.get(message.jobId));
  if (!job || job.userId !== message.userId) return "ignored";
  if (isFinal(job.state)) {
    // A message comes back for a final job only when a worker died after the final write, perhaps
    // before telling the owner: tell again (a client keeps the newest state, so twice is harmless).
    await deps.onChange(job);
    return "ignored";
  }

  for (;;) {
    if (!claimed) claimed = await claim(deps, job);
    if (!claimed) return settleAfterRace(deps, job.jobId);

    // The owner hears "running" while the job runs. Every later push waits for that one, so frames
    // arrive in order; the final write does not (a short job's result is stored while it is sent).
    const runningPushed = deps.onChange(claimed);
    runningPushed.catch(() => undefined);
    const result = await runWatchingForCancel(deps, claimed);
    if (!result) {
      await runningPushed;
      return "ignored"; // cancelled, or a newer attempt took over: its owner reports
    }

    if (result.verdict === "internal_error" && claimed.attempt < MAX_ATTEMPTS) {
      await runningPushed;
      job = claimed;
      claimed = undefined;
      continue;
    }
    // Objects go to the bucket first, so a pointer the final write stores never points at nothing.
    const { result: withoutTrace, trace } = await storeTrace(deps, claimed, result);
    const { result: itemResult, resultObject } = await storeWholeResult(deps, claimed, withoutTrace);
    const finished = await deps.jobs.end(claimed, "finished", {
      result: itemResult,
      ...(trace ? { trace } : {}),
      ...(resultObject ? { resultObject } : {}),
      finishedAt: deps.clock.now(),
    });
    await runningPushed;
    if (!finished) {
      // Cancelled meanwhile, or a newer attempt owns it: this attempt's objects belong to no job.
      for (const pointer of [trace, resultObject]) if (pointer) await deps.objects?.delete(pointer.key).catch(() => undefined);
      return "ignored";
    }
    await deps.onChange(finished);
    return "finished";
  }
}

/**
 * Claim a job for this delivery. A job still `running` means the worker that had it died (its
 * message came back), so it is requeued with the next attempt first.
 */
async function claim(deps: RunDeps, job: Job): Promise<Job | undefined> {
  if (job.state === "running") {
    const requeued = await deps.jobs.transition(job.jobId, {
      to: "queued",
      from: ["running"],
      attempt: job.attempt,
      set: { attempt: job.attempt + 1 },
    });
    if (!requeued) return undefined;
    job = requeued;
    await deps.onChange(job);
  }
  return deps.jobs.transition(job.jobId, {
    to: "running",
    from: ["queued"],
    attempt: job.attempt,
    set: { startedAt: deps.clock.now() },
  });
}

/**
 * Runs the job in the sandbox while re-reading its record, so a cancel (or a newer attempt taking
 * over) stops the child wherever the worker runs: the table is the one channel every worker shares.
 */
async function runWatchingForCancel(deps: RunDeps, job: Job): Promise<Result | undefined> {
  const relay = deps.outputTo ? new OutputRelay(deps, job, deps.outputTo(job)) : undefined;
  const controller = new AbortController();
  const pollMs = deps.cancelPollMs ?? 500;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = async () => {
    const now = await deps.jobs.get(job.jobId).catch(() => job);
    if (!now || now.state !== "running" || now.attempt !== job.attempt) controller.abort();
    else timer = setTimeout(watch, pollMs);
  };
  timer = setTimeout(watch, pollMs);
  try {
    const result = await deps.sandbox.run(
      {
        jobId: job.jobId,
        code: job.code,
        stdin: job.stdin,
        limits: job.limits,
        ...(job.tests ? { tests: job.tests } : {}),
        ...(job.mode === "trace" ? { mode: "trace" as const } : {}),
        ...(job.profile ? { profile: true } : {}),
      },
      { signal: controller.signal, ...(relay ? { onOutput: relay.add } : {}) },
    );
    return controller.signal.aborted ? undefined : result;
  } finally {
    clearTimeout(timer);
    controller.abort();
    await relay?.close(); // every output frame goes out before the job's next frame
  }
}

/**
 * A trace never goes into the table item: the result the sandbox returned loses its `trace`, and a
 * trace run's trace (validated against TraceSchema) is written as an object under the job's key.
 * When that write fails the job still ends, without a trace, and its result's message says so.
 */
async function storeTrace(deps: RunDeps, job: Job, result: Result): Promise<{ result: Result; trace?: TracePointer }> {
  const { trace: raw, ...rest } = result;
  if (job.mode !== "trace" || raw === undefined) return { result: rest };
  const note = (why: string) => ({ ...rest, message: rest.message ? `${rest.message}; ${why}` : why });
  const parsed = TraceSchema.safeParse(raw);
  if (!parsed.success) {
    deps.warn?.("the sandbox returned a trace that does not match TraceSchema", { jobId: job.jobId, issue: parsed.error.issues[0] });
    return { result: note("the trace could not be recorded") };
  }
  if (!deps.objects) return { result: note("the trace could not be stored") };
  const key = traceKeyOf(job);
  const body = JSON.stringify(parsed.data);
  try {
    await deps.objects.put(key, body, { contentType: "application/json" });
  } catch (error) {
    deps.warn?.("the trace could not be stored", { jobId: job.jobId, key, error });
    return { result: note("the trace could not be stored") };
  }
  const trace: TracePointer = {
    key,
    bytes: new TextEncoder().encode(body).length,
    steps: parsed.data.steps.length,
    truncated: parsed.data.truncated,
  };
  return { result: rest, trace };
}

/**
 * A result too large for the job's table item (storedResult) is written whole as an object under the
 * job's key, and the item keeps the compact one with a pointer. When that write fails the job still
 * ends, with the compact result, and its message says the rest could not be kept.
 */
async function storeWholeResult(deps: RunDeps, job: Job, result: Result): Promise<{ result: Result; resultObject?: ResultPointer }> {
  const stored = storedResult(job, result);
  if (stored.whole === undefined) return { result: stored.item };
  const lost = () => {
    const why = "the whole output could not be stored: only its first lines are kept";
    return { result: { ...stored.item, message: stored.item.message ? `${stored.item.message}; ${why}` : why } };
  };
  if (!deps.objects) return lost();
  const key = resultKeyOf(job);
  try {
    await deps.objects.put(key, stored.whole, { contentType: "application/json" });
  } catch (error) {
    deps.warn?.("the whole result could not be stored", { jobId: job.jobId, key, error });
    return lost();
  }
  return { result: stored.item, resultObject: { key, bytes: utf8Bytes(stored.whole) } };
}

async function settleAfterRace(deps: RunDeps, jobId: string): Promise<RunOutcome> {
  const now = await deps.jobs.get(jobId);
  if (!now || isFinal(now.state)) return "ignored";
  throw new RetryLater(`job ${jobId} changed while being claimed (now ${now.state})`);
}

export interface CancelDeps {
  jobs: JobStore;
  clock: Clock;
  onChange: JobListener;
}

/** A job that keeps changing under an ending write is re-read and tried again this many times. */
const END_TRIES = 5;

/**
 * End a job that is not final yet, from the newest state it can be read in: a worker may claim or
 * requeue it between the read and the write, which is then tried again on a fresh read.
 * `ended` is undefined when the job was absent or already final (`job` says which).
 */
async function endLatest(
  deps: CancelDeps,
  read: () => Promise<Job | undefined>,
  to: JobState,
  set: EndFields,
): Promise<{ job: Job | undefined; ended?: Job }> {
  for (let tries = 1; ; tries++) {
    const job = await read();
    if (!job || isFinal(job.state)) return { job };
    const ended = await deps.jobs.end(job, to, set);
    if (ended) return { job, ended };
    if (tries >= END_TRIES) throw new RetryLater(`job ${job.jobId} kept changing while it was ended ${to}`);
  }
}

/** The owner cancels a queued or running job; a worker running it notices and kills the child. */
export async function cancelJob(deps: CancelDeps, userId: string, jobId: string): Promise<Job> {
  const { job, ended } = await endLatest(deps, () => getJob(deps, userId, jobId), "cancelled", {
    finishedAt: deps.clock.now(),
    reason: "cancelled by its owner",
  });
  if (!ended) throw new AppError("CONFLICT", `The job has already ended (${job!.state}).`);
  await deps.onChange(ended);
  return ended;
}

/** The platform gave up on a delivery (it reached the dead-letter queue): the job ends failed. */
export async function failJob(
  deps: CancelDeps,
  message: QueueMessage,
  reason: string,
): Promise<Job | undefined> {
  const { ended } = await endLatest(deps, () => deps.jobs.get(message.jobId), "failed", {
    finishedAt: deps.clock.now(),
    reason,
  });
  if (ended && ended.userId === message.userId) await deps.onChange(ended);
  return ended;
}

/**
 * Enqueue again every job that is not final. For a queue that does not keep messages across a
 * restart (the local SQS twin); redundant deliveries are harmless because runJob is idempotent.
 */
export async function requeueUnfinished(deps: { jobs: JobStore; queue: JobQueue }): Promise<number> {
  const unfinished = await deps.jobs.scanUnfinished();
  for (const job of unfinished) await deps.queue.enqueue({ jobId: job.jobId, userId: job.userId });
  return unfinished.length;
}
