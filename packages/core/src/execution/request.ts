import { z } from "zod";
import { JOB_WALL_BUDGET_MS, LIMIT_MINIMA, type Limits, LimitsSchema, SANDBOX_GRACE_MS } from "./limits";
import { RunModeSchema, type RunMode } from "./trace";

export const TestCaseSchema = z.strictObject({
  stdin: z.string().default(""),
  expected: z.string(),
});
export type TestCase = z.infer<typeof TestCaseSchema>;

/** What a Sandbox receives: the same JSON in the Lambda payload and on the local runner's stdio. */
export const SandboxRequestSchema = z.object({
  jobId: z.string().min(1),
  code: z.string(),
  stdin: z.string().default(""),
  limits: LimitsSchema,
  tests: z.array(TestCaseSchema).optional(),
  /** "trace": the runner records a step-by-step trace (Result.trace) beside the ordinary result. */
  mode: RunModeSchema.default("run"),
  /**
   * The per-line heat map of a "run" run. true: every line counted (Result.profile: hits and time);
   * opt-in, because the only per-line hook Python 3.11 has (sys.settrace) makes a loop-heavy program
   * several times slower (see the sandbox README). Left out: the run's CPU time is sampled
   * (Result.lineSamples, a fraction of a per cent). false: neither (the measurer's timing runs, the
   * bench's baseline). A "trace" run always has the counted profile; test-case runs have neither.
   */
  profile: z.boolean().optional(),
  /**
   * How long all the job's runs may last together (default JOB_WALL_BUDGET_MS, never more); a stage's
   * config may set less (CR_JOB_WALL_BUDGET_MS).
   */
  budgetMs: z.number().int().min(LIMIT_MINIMA.wallMs).max(JOB_WALL_BUDGET_MS).optional(),
});
/** `mode` may be left out by a caller (the schema defaults it to "run"; drivers read `mode ?? "run"`). */
export type SandboxRequest = Omit<z.infer<typeof SandboxRequestSchema>, "mode"> & { mode?: RunMode };

/**
 * The longest a request's runs can take together: one run per test case (or one), each within
 * `limits.wallMs`, all within the job's budget. Drivers wait this long, plus their own grace.
 */
export function jobWallMs(request: {
  limits: Pick<Limits, "wallMs">;
  tests?: readonly unknown[];
  budgetMs?: number;
}): number {
  const runs = Math.max(1, request.tests?.length ?? 0);
  return Math.min(runs * request.limits.wallMs, request.budgetMs ?? JOB_WALL_BUDGET_MS);
}

/** The longest a driver may take over a request before it answers internal_error itself. */
export function longestRunMs(request: Parameters<typeof jobWallMs>[0]): number {
  return jobWallMs(request) + SANDBOX_GRACE_MS;
}
