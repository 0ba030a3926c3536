import type { QueueMessage } from "../contract";
import { longestRunMs, type Result, type SandboxRequest, TraceSchema } from "../execution";
import type { Clock, ObjectStore, Sandbox } from "../ports";
import { resultKeyOf, traceKeyOf, type Job, type ResultPointer, type TracePointer } from "./model";
import { OutputRelay, type OutputPush } from "./output-relay";
import { isFinal } from "./state";
import type { JobStore } from "./store";
import { storedResult, utf8Bytes } from "./stored-result";

/** Called with every change of a job's state (the handlers log it and push it to its owner). */
export type JobListener = (job: Job) => Promise<void>;

export interface RunDeps {
  jobs: JobStore;
  sandbox: Sandbox;
  clock: Clock;
  /** Called with every state change; its failures must not fail the job. */
  onChange: JobListener;
  /** How long all of a job's runs may last together (default: the sandbox's, JOB_WALL_BUDGET_MS). */
  wallBudgetMs?: number;
  /**
   * How much longer this delivery may last (a Lambda's remaining time). A faulted run is tried again
   * in the same delivery only when one more could end within it; without it, always (up to MAX_ATTEMPTS).
   */
  timeLeftMs?: () => number;
  /** How often a running job's record is re-read to notice a cancel (default 500 ms). */
  cancelPollMs?: number;
  /** Where a running job's output goes as it is printed (to its owner); without it, only the result has it. */
  outputTo?: (job: Job) => OutputPush;
  /**
   * Where a trace run's trace and a result too large for the table item are stored (the job keeps a
   * pointer); without it, a trace is not kept and a large result only as its compact form.
   */
  objects?: ObjectStore;
  /** Called with what went wrong on the side (a trace that could not be stored); the job still ends. */
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

export type RunOutcome = "finished" | "ignored";

/** A job is tried at most this many times (platform faults only: a dead runner, a dead worker). */
export const MAX_ATTEMPTS = 3;

/** What a delivery needs after its last run: the objects, the final write and the owner's push. */
const WRAP_UP_MS = 5_000;

/** Thrown when the job changed under us in a way another delivery must sort out. */
export class RetryLater extends Error {
  override readonly name = "RetryLater";
}

/**
 * Run one delivery of a queue message. Idempotent: a delivery for a final job is ignored; a
 * delivery for a running job means the previous worker died, so the job is requeued (attempt + 1)
 * and claimed again. Only the attempt that claimed the job can finish it. A platform fault in the
 * sandbox (internal_error) is retried at once with a new attempt, up to MAX_ATTEMPTS, while another
 * attempt fits in the delivery's time; past it the job ends with that fault, and its message says so
 * (a worker stopped by its own timeout would leave the job running until its message came back).
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
    // before notifying the owner: notify again (a client keeps the newest state, so twice is harmless).
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

    let final = result;
    if (result.verdict === "internal_error" && claimed.attempt < MAX_ATTEMPTS) {
      if (anotherAttemptFits(deps, claimed)) {
        await runningPushed;
        job = claimed;
        claimed = undefined;
        continue;
      }
      final = withNote(result, "not tried again: too little of the worker's time was left for another attempt");
    }
    // Objects go to the bucket first, so a pointer the final write stores never points at nothing.
    const { result: withoutTrace, trace } = await storeTrace(deps, claimed, final);
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
      for (const pointer of [trace, resultObject])
        if (pointer) await deps.objects?.delete(pointer.key).catch(() => undefined);
      return "ignored";
    }
    await deps.onChange(finished);
    return "finished";
  }
}

/** Whether one more run of the job, at its longest, and the writes after it end within the delivery. */
function anotherAttemptFits(deps: RunDeps, job: Job): boolean {
  return !deps.timeLeftMs || deps.timeLeftMs() >= longestRunMs(sandboxRequest(deps, job)) + WRAP_UP_MS;
}

function sandboxRequest(deps: RunDeps, job: Job): SandboxRequest {
  return {
    jobId: job.jobId,
    code: job.code,
    stdin: job.stdin,
    limits: job.limits,
    ...(job.tests ? { tests: job.tests } : {}),
    ...(job.mode === "trace" ? { mode: "trace" as const } : {}),
    ...(job.profile ? { profile: true } : {}),
    ...(deps.wallBudgetMs !== undefined ? { budgetMs: deps.wallBudgetMs } : {}),
  };
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
    if (now?.state !== "running" || now.attempt !== job.attempt) controller.abort();
    else timer = setTimeout(watch, pollMs);
  };
  timer = setTimeout(watch, pollMs);
  try {
    const result = await deps.sandbox.run(sandboxRequest(deps, job), {
      signal: controller.signal,
      ...(relay ? { onOutput: relay.add } : {}),
    });
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
  const parsed = TraceSchema.safeParse(raw);
  if (!parsed.success) {
    deps.warn?.("the sandbox returned a trace that does not match TraceSchema", {
      jobId: job.jobId,
      issue: parsed.error.issues[0],
    });
    return { result: withNote(rest, "the trace could not be recorded") };
  }
  const key = traceKeyOf(job);
  const body = JSON.stringify(parsed.data);
  if (!(await putObject(deps, job, key, body, "the trace could not be stored"))) {
    return { result: withNote(rest, "the trace could not be stored") };
  }
  return {
    result: rest,
    trace: { key, bytes: utf8Bytes(body), steps: parsed.data.steps.length, truncated: parsed.data.truncated },
  };
}

/**
 * A result too large for the job's table item (storedResult) is written whole as an object under the
 * job's key, and the item keeps the compact one with a pointer. When that write fails the job still
 * ends, with the compact result, and its message says the rest could not be kept.
 */
async function storeWholeResult(
  deps: RunDeps,
  job: Job,
  result: Result,
): Promise<{ result: Result; resultObject?: ResultPointer }> {
  const stored = storedResult(job, result);
  if (stored.whole === undefined) return { result: stored.item };
  const key = resultKeyOf(job);
  if (!(await putObject(deps, job, key, stored.whole, "the whole result could not be stored"))) {
    return { result: withNote(stored.item, "the whole output could not be stored: only its first lines are kept") };
  }
  return { result: stored.item, resultObject: { key, bytes: utf8Bytes(stored.whole) } };
}

/**
 * Write a JSON object under the job's key; false when there is no bucket or it refused the write
 * (warned as `warning`): the job then ends without it.
 */
async function putObject(deps: RunDeps, job: Job, key: string, body: string, warning: string): Promise<boolean> {
  if (!deps.objects) return false;
  try {
    await deps.objects.put(key, body, { contentType: "application/json" });
    return true;
  } catch (error) {
    deps.warn?.(warning, { jobId: job.jobId, key, error });
    return false;
  }
}

/** The result with `why` added to its message: a part of what the job made that could not be kept. */
function withNote(result: Result, why: string): Result {
  return { ...result, message: result.message ? `${result.message}; ${why}` : why };
}

async function settleAfterRace(deps: RunDeps, jobId: string): Promise<RunOutcome> {
  const now = await deps.jobs.get(jobId);
  if (!now || isFinal(now.state)) return "ignored";
  throw new RetryLater(`job ${jobId} changed while being claimed (now ${now.state})`);
}
