import { AppError } from "../errors";
import { isConditionFailure, type JobEntity, type Table } from "../store/entities";
import { unexpired } from "../store/ttl";
import type { LiveOutput } from "../execution";
import type { Job, JobState } from "./model";
import { aboveZero, OpenJobCounter } from "./open-jobs";
import { assertTransition, FINAL_STATES, isFinal, sourcesOf } from "./state";

export interface JobPage {
  jobs: Job[];
  cursor: string | null;
}

export interface TransitionRequest {
  to: JobState;
  /** Only from these states; defaults to every state the machine allows to reach `to`. */
  from?: readonly JobState[];
  /** Only if the stored attempt equals this: a stale worker can never overwrite a newer attempt. */
  attempt?: number;
  /** Only if the job belongs to this user. */
  userId?: string;
  set?: Partial<Pick<Job, "attempt" | "result" | "trace" | "resultObject" | "reason" | "startedAt" | "finishedAt">>;
}

/** What a final write sets besides the state. */
export type EndFields = TransitionRequest["set"];

/** A job as ElectroDB reads it back. */
type StoredJob = NonNullable<Awaited<ReturnType<ReturnType<JobEntity["get"]>["go"]>>["data"]>;

/** A history search reads at most this many of the user's jobs per request before it answers with a cursor. */
export const SEARCH_READ_MAX = 1_000;

/** Jobs in the table. Every write that changes state carries its condition. */
export class JobStore {
  private readonly entity: JobEntity;
  private readonly openJobs: OpenJobCounter;

  constructor(
    private readonly table: Table,
    private readonly nowSeconds: () => number,
  ) {
    this.entity = table.entities.job;
    this.openJobs = new OpenJobCounter(table);
  }

  /** A strongly consistent read: right after a push (or a write of ours) the item must be what was pushed. */
  async get(jobId: string): Promise<Job | undefined> {
    const { data } = await this.entity.get({ jobId }).go({ consistent: true });
    return this.unexpired(data);
  }

  async listByUser(userId: string, page: { cursor?: string; limit: number }): Promise<JobPage> {
    try {
      const { data, cursor } = await this.entity.query
        .byUser({ userId })
        .go({ order: "desc", limit: page.limit, cursor: page.cursor ?? null });
      const jobs = data.map((item) => this.unexpired(item)).filter((j): j is Job => j !== undefined);
      return { jobs, cursor: cursor ?? null };
    } catch (error) {
      if (page.cursor)
        throw new AppError("VALIDATION_FAILED", "cursor is not valid", { field: "cursor", cause: error });
      throw error;
    }
  }

  /**
   * The user's jobs whose title or code contains `q` (ignoring case), newest first: the user's own
   * partition is read a page at a time from `cursor` until at least `limit` jobs match, the partition
   * ends, or SEARCH_READ_MAX jobs have been read (then the cursor says where to go on, with fewer
   * matches). DynamoDB's filters cannot ignore case, so the match is made here. A page read can hold
   * more matches than were missing: they are all returned (fewer than `limit` extra), so the cursor
   * stays one of the table's.
   */
  async searchByUser(userId: string, q: string, page: { cursor?: string; limit: number }): Promise<JobPage> {
    const needle = q.toLowerCase();
    const matches = (job: Job) =>
      job.code.toLowerCase().includes(needle) || (job.title?.toLowerCase().includes(needle) ?? false);
    const found: Job[] = [];
    let cursor: string | null = page.cursor ?? null;
    let read = 0;
    do {
      const next = await this.listByUser(userId, { limit: page.limit, ...(cursor ? { cursor } : {}) });
      found.push(...next.jobs.filter(matches));
      read += next.jobs.length;
      cursor = next.cursor;
    } while (cursor && found.length < page.limit && read < SEARCH_READ_MAX);
    return { jobs: found, cursor };
  }

  /** The states of a user's newest jobs, reading only the state attribute. */
  async recentStates(userId: string, limit: number): Promise<JobState[]> {
    const { data } = await this.entity.query
      .byUser({ userId })
      .go({ order: "desc", limit, attributes: ["state", "expiresAt"] });
    const now = this.nowSeconds();
    return data.filter((j) => unexpired(j, now)).map((j) => j.state);
  }

  /** Every job not in a final state, across users (a full scan: only for recovery at start-up). */
  async scanUnfinished(): Promise<Job[]> {
    const { data } = await this.entity.scan
      .where((attr, op) => `${op.eq(attr.state, "queued")} OR ${op.eq(attr.state, "running")}`)
      .go({ pages: "all" });
    return data.map((item) => this.unexpired(item)).filter((j): j is Job => j !== undefined);
  }

  /** A conditional state change; undefined when the job was not in an allowed state (or attempt). */
  async transition(jobId: string, request: TransitionRequest): Promise<Job | undefined> {
    const { set, leavesRunning, condition } = transitionOf(request);
    try {
      let write = this.entity.patch({ jobId }).set(set);
      if (leavesRunning) write = write.remove(["output"]);
      const { data } = await write.where(condition).go({ response: "all_new" });
      return this.unexpired(data);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * Store what a running job printed so far, only while this attempt still runs it. False when the
   * job moved on meanwhile (its final write removes the output, so a late save cannot bring it back).
   */
  async saveOutput(job: Job, output: LiveOutput): Promise<boolean> {
    try {
      await this.entity
        .patch({ jobId: job.jobId })
        .set({ output })
        .where((attr, op) => `${op.eq(attr.state, "running")} AND ${op.eq(attr.attempt, job.attempt)}`)
        .go({ response: "none" });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * A job's final write and its owner's open-jobs count lowered, in one transaction (one round
   * trip, and no crash can fall between them). `seen` is the job as last read: the write happens
   * only while its state and attempt are still those, and since every change of a job changes one
   * of them, the ended job is exactly `seen` with `set` applied. undefined when the job changed
   * meanwhile (re-read it). When the transaction cannot commit as a whole for the counter's sake
   * (already at zero, or contended), the final write goes alone and the release follows it.
   */
  async end(seen: Job, to: JobState, set: EndFields = {}): Promise<Job | undefined> {
    if (!isFinal(to)) throw new AppError("INVALID_TRANSITION", `${to} is not a final state`);
    const request: TransitionRequest = { to, from: [seen.state], attempt: seen.attempt, set };
    const write = transitionOf(request);
    const { canceled, data } = await this.table.transaction
      .write(({ job, openjobs }) => [
        job.patch({ jobId: seen.jobId }).set(write.set).remove(["output"]).where(write.condition).commit(),
        openjobs.update({ userId: seen.userId }).add({ count: -1 }).where(aboveZero).commit(),
      ])
      .go();
    if (!canceled) {
      const { output: _removed, ...ended } = seen;
      return { ...ended, ...withoutUndefined({ ...set }), state: to };
    }
    const [jobWrite] = data;
    if (jobWrite?.code === "ConditionalCheckFailed") return undefined;
    const ended = await this.transition(seen.jobId, request);
    if (ended) await this.openJobs.release(ended.userId);
    return ended;
  }

  /**
   * Set (a string) or clear (null) the owner's title of a job: a patch of that one attribute, only
   * while the job is the user's. undefined when it is absent or another user's.
   */
  async setTitle(jobId: string, userId: string, title: string | null): Promise<Job | undefined> {
    const write = this.entity.patch({ jobId });
    const titled = title === null ? write.remove(["title"]) : write.set({ title });
    return this.ifOwned(() => titled.where((attr, op) => op.eq(attr.userId, userId)).go({ response: "all_new" }));
  }

  /**
   * Point a final job of the user at its share item. Only when it points at none, or at `previous`
   * (a stale pointer being replaced): two shares at once leave one token. undefined when the
   * condition failed (absent, not the user's, not final, or shared meanwhile: re-read it).
   */
  async setShareToken(jobId: string, userId: string, token: string, previous?: string): Promise<Job | undefined> {
    return this.ifOwned(() =>
      this.entity
        .patch({ jobId })
        .set({ shareToken: token })
        .where((attr, op) => {
          const unshared =
            previous === undefined
              ? op.notExists(attr.shareToken)
              : `(${op.notExists(attr.shareToken)} OR ${op.eq(attr.shareToken, previous)})`;
          const final = FINAL_STATES.map((s) => op.eq(attr.state, s)).join(" OR ");
          return `${unshared} AND (${final}) AND ${op.eq(attr.userId, userId)}`;
        })
        .go({ response: "all_new" }),
    );
  }

  /** Stop pointing at a share item (revoke), only if the job still points at this one. */
  async clearShareToken(jobId: string, userId: string, token: string): Promise<Job | undefined> {
    return this.ifOwned(() =>
      this.entity
        .patch({ jobId })
        .remove(["shareToken"])
        .where((attr, op) => `${op.eq(attr.shareToken, token)} AND ${op.eq(attr.userId, userId)}`)
        .go({ response: "all_new" }),
    );
  }

  /**
   * Delete a job of the user that has ended (final states never change again, so a job that was
   * final when read is final when deleted). false when it was absent or not the user's.
   */
  async removeFinal(job: Pick<Job, "jobId" | "userId">): Promise<boolean> {
    try {
      await this.entity
        .delete({ jobId: job.jobId })
        .where(
          (attr, op) =>
            `${op.eq(attr.userId, job.userId)} AND (${FINAL_STATES.map((s) => op.eq(attr.state, s)).join(" OR ")})`,
        )
        .go({ response: "none" });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** A conditional patch's new job; undefined when its condition failed. */
  private async ifOwned(write: () => Promise<{ data: StoredJob }>): Promise<Job | undefined> {
    try {
      return this.unexpired((await write()).data);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** The job as read: absent past its TTL (store/ttl.ts), its mode "run" if stored before modes existed. */
  private unexpired(item: StoredJob | null | undefined): Job | undefined {
    const job = unexpired(item, this.nowSeconds());
    return job && { ...job, mode: job.mode ?? "run" };
  }
}

type JobAttrs = { state: unknown; attempt: unknown; userId: unknown };
type EqOps = { eq(attribute: unknown, value: unknown): string };

/**
 * A state change as the parts of a conditional patch, applied alone (transition) or inside a
 * transaction (end): what it sets, whether the output so far goes (it belongs to one running
 * attempt, so it goes when the job leaves that state), and its condition.
 */
function transitionOf(request: TransitionRequest) {
  const from = request.from ?? sourcesOf(request.to);
  for (const state of from) assertTransition(state, request.to);
  return {
    set: withoutUndefined({ ...request.set, state: request.to }),
    leavesRunning: request.to !== "running",
    condition: (attr: JobAttrs, op: EqOps) => {
      const conditions = [`(${from.map((s) => op.eq(attr.state, s)).join(" OR ")})`];
      if (request.attempt !== undefined) conditions.push(op.eq(attr.attempt, request.attempt));
      if (request.userId !== undefined) conditions.push(op.eq(attr.userId, request.userId));
      return conditions.join(" AND ");
    },
  };
}

/** DynamoDB items hold no undefined attributes. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
