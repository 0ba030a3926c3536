import { AppError } from "../errors";
import { isConditionFailure, jobEntity, RAW_ERRORS } from "../store/entities";
import type { Job, JobState } from "./model";
import { assertTransition, sourcesOf } from "./state";

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
  set?: Partial<Pick<Job, "attempt" | "result" | "reason" | "startedAt" | "finishedAt">>;
}

type Fields = Record<string, unknown>;

/** Jobs in the table. Every write that changes state carries its condition. */
export class JobStore {
  private readonly entity: ReturnType<typeof jobEntity>;

  constructor(
    client: unknown,
    table: string,
    private readonly nowSeconds: () => number,
  ) {
    this.entity = jobEntity(client, table);
  }

  async get(jobId: string): Promise<Job | undefined> {
    const { data } = await this.entity.get({ jobId }).go(RAW_ERRORS);
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
    const from = request.from ?? sourcesOf(request.to);
    for (const state of from) assertTransition(state, request.to);
    try {
      const { data } = await this.entity
        .patch({ jobId })
        .set(withoutUndefined({ ...request.set, state: request.to }) as never)
        .where((attr, op) => {
          const conditions = [`(${from.map((s) => op.eq(attr.state, s)).join(" OR ")})`];
          if (request.attempt !== undefined) conditions.push(op.eq(attr.attempt, request.attempt));
          if (request.userId !== undefined) conditions.push(op.eq(attr.userId, request.userId));
          return conditions.join(" AND ");
        })
        .go({ ...RAW_ERRORS, response: "all_new" });
      return this.live(data as Fields);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Items past their TTL are absent: the local twin never expires them, and DynamoDB deletes lazily. */
  private live(item: Fields): Job | undefined {
    const job = item as unknown as Job;
    return job.expiresAt > this.nowSeconds() ? job : undefined;
  }
}

/** DynamoDB items hold no undefined attributes. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
