import { Service } from "electrodb";
import { AppError } from "../errors";
import { isConditionFailure, jobEntity, openJobsEntity, patchOf, RAW_ERRORS, type UpdateChain } from "../store/entities";
import type { LiveOutput } from "../execution";
import type { Job, JobState } from "./model";
import { givePlace, OpenJobCounter } from "./open-jobs";
import { assertTransition, isFinal, sourcesOf } from "./state";

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

type Fields = Record<string, unknown>;

/** Jobs in the table. Every write that changes state carries its condition. */
export class JobStore {
  private readonly entity: ReturnType<typeof jobEntity>;
  /** The job and its owner's open-jobs counter, for writes that change both at once (end). */
  private readonly withPlaces;
  private readonly places: OpenJobCounter;

  constructor(
    client: unknown,
    table: string,
    private readonly nowSeconds: () => number,
  ) {
    this.entity = jobEntity(client, table);
    this.withPlaces = new Service(
      { job: jobEntity(client, table), openjobs: openJobsEntity(client, table) },
      { client: client as never, table },
    );
    this.places = new OpenJobCounter(client, table);
  }

  /** A strongly consistent read: right after a push (or a write of ours) the item must be what was pushed. */
  async get(jobId: string): Promise<Job | undefined> {
    const { data } = await this.entity.get({ jobId }).go({ ...RAW_ERRORS, consistent: true });
    return data ? this.live(data as Fields) : undefined;
  }

  async listByUser(userId: string, page: { cursor?: string; limit: number }): Promise<JobPage> {
    try {
      const { data, cursor } = await this.entity.query
        .byUser({ userId })
        .go({ ...RAW_ERRORS, order: "desc", limit: page.limit, cursor: page.cursor ?? null });
      const jobs = (data as Fields[]).map((item) => this.live(item)).filter((j): j is Job => j !== undefined);
      return { jobs, cursor: cursor ?? null };
    } catch (error) {
      if (page.cursor) throw new AppError("VALIDATION_FAILED", "cursor is not valid", { field: "cursor", cause: error });
      throw error;
    }
  }

  /** The states of a user's newest jobs, reading only the state attribute. */
  async recentStates(userId: string, limit: number): Promise<JobState[]> {
    const { data } = await this.entity.query
      .byUser({ userId })
      .go({ ...RAW_ERRORS, order: "desc", limit, attributes: ["state", "expiresAt"] });
    const now = this.nowSeconds();
    return (data as Array<{ state: JobState; expiresAt: number }>).filter((j) => j.expiresAt > now).map((j) => j.state);
  }

  /** Every job not in a final state, across users (a full scan: only for recovery at start-up). */
  async scanUnfinished(): Promise<Job[]> {
    const { data } = await this.entity.scan
      .where((attr, op) => `${op.eq(attr.state, "queued")} OR ${op.eq(attr.state, "running")}`)
      .go({ ...RAW_ERRORS, pages: "all" });
    return (data as Fields[]).map((item) => this.live(item)).filter((j): j is Job => j !== undefined);
  }

  /** A conditional state change; undefined when the job was not in an allowed state (or attempt). */
  async transition(jobId: string, request: TransitionRequest): Promise<Job | undefined> {
    try {
      const { data } = (await transitionOf(this.entity, jobId, request).go({ ...RAW_ERRORS, response: "all_new" })) as {
        data: unknown;
      };
      return this.live(data as Fields);
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
      await patchOf(this.entity, { jobId: job.jobId })
        .set({ output })
        .where((attr, op) => `${op.eq(attr.state, "running")} AND ${op.eq(attr.attempt, job.attempt)}`)
        .go({ ...RAW_ERRORS, response: "none" });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * A job's final write and its owner's open-jobs place given back, in one transaction (one round
   * trip, and no crash can fall between them). `seen` is the job as last read: the write happens
   * only while its state and attempt are still those, and since every change of a job changes one
   * of them, the ended job is exactly `seen` with `set` applied. undefined when the job changed
   * meanwhile (re-read it). When the transaction cannot commit as a whole for the counter's sake
   * (already at zero, or contended), the final write goes alone and the release follows it.
   */
  async end(seen: Job, to: JobState, set: EndFields = {}): Promise<Job | undefined> {
    if (!isFinal(to)) throw new AppError("INVALID_TRANSITION", `${to} is not a final state`);
    const request: TransitionRequest = { to, from: [seen.state], attempt: seen.attempt, set };
    const { canceled, data } = await this.withPlaces.transaction
      .write(({ job, openjobs }) =>
        [transitionOf(job, seen.jobId, request).commit(), givePlace(openjobs, seen.userId).commit()] as never,
      )
      .go();
    if (!canceled) {
      const { output: _removed, ...ended } = seen;
      return { ...ended, ...withoutUndefined({ ...set }), state: to };
    }
    const [jobWrite] = data as Array<{ code: string }>;
    if (jobWrite?.code === "ConditionalCheckFailed") return undefined;
    const ended = await this.transition(seen.jobId, request);
    if (ended) await this.places.release(ended.userId);
    return ended;
  }

  /** Items past their TTL are absent: the local twin never expires them, and DynamoDB deletes lazily. */
  private live(item: Fields): Job | undefined {
    const job = item as unknown as Job;
    if (job.expiresAt <= this.nowSeconds()) return undefined;
    return job.mode ? job : { ...job, mode: "run" }; // stored before modes existed
  }
}

/** A state change as a conditional patch, on either kind of entity: run alone or in a transaction. */
function transitionOf(entity: { patch(key: never): unknown }, jobId: string, request: TransitionRequest): UpdateChain {
  const from = request.from ?? sourcesOf(request.to);
  for (const state of from) assertTransition(state, request.to);
  const chain = patchOf(entity, { jobId }).set(withoutUndefined({ ...request.set, state: request.to }));
  // The output so far belongs to one running attempt: it goes when the job leaves that state.
  return (request.to === "running" ? chain : chain.remove(["output"]))
    .where((attr, op) => {
      const conditions = [`(${from.map((s) => op.eq(attr.state, s)).join(" OR ")})`];
      if (request.attempt !== undefined) conditions.push(op.eq(attr.attempt, request.attempt));
      if (request.userId !== undefined) conditions.push(op.eq(attr.userId, request.userId));
      return conditions.join(" AND ");
    });
}

/** DynamoDB items hold no undefined attributes. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
