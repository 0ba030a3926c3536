import { z } from "zod";

/** Per-job resource limits: defaults apply when a field is omitted; maxima are hard caps. */
export const LIMIT_DEFAULTS = { wallMs: 10_000, memoryMb: 256, outputBytes: 1024 * 1024 } as const;
export const LIMIT_MAXIMA = { wallMs: 30_000, memoryMb: 1024, outputBytes: 4 * 1024 * 1024 } as const;
export const LIMIT_MINIMA = { wallMs: 100, memoryMb: 32, outputBytes: 1024 } as const;

export const MAX_CODE_BYTES = 64 * 1024;
export const MAX_STDIN_BYTES = 64 * 1024;
export const MAX_TESTS = 20;

/**
 * How long all of a job's runs (one per test case) may last together. `wallMs` bounds each run; this
 * bounds the job, so 20 cases of 10 s each cannot hold a worker for 200 s. A case the budget cuts off
 * ends `time_limit`, and the cases after it are not run; both are marked `outOfBudget`. The sandbox
 * function's timeout, the worker's and the queue's visibility are derived from it (infra/sandbox.ts,
 * packages/functions/src/worker-settings.ts); the runner (runner/job.py) carries the same number.
 */
export const JOB_WALL_BUDGET_MS = LIMIT_MAXIMA.wallMs;

/**
 * The most a sandbox driver waits beyond a request's own time (jobWallMs) before it gives up on a
 * silent sandbox and returns internal_error (ProcessSandbox's watchdog; LambdaSandbox gives up sooner).
 * The worker plans with it: a faulted run is retried in the same delivery only when one more, this
 * long, still fits in the worker's time.
 */
export const SANDBOX_GRACE_MS = 10_000;

/**
 * Figures a job returns as PNG images (Result.images): at most MAX_IMAGES, each at most
 * MAX_IMAGE_BYTES of PNG, MAX_IMAGES_TOTAL_BYTES in all (128 KiB as base64). Images past a cap are
 * dropped and the Result says so (`truncated.images`); a result too large for the job's table item
 * is stored whole as an object (job/stored-result.ts), so figures are never dropped to fit the item.
 * The runner (packages/sandbox/runner/figures.py) carries the same numbers; a test checks they agree.
 */
export const MAX_IMAGES = 4;
export const MAX_IMAGE_BYTES = 64 * 1024;
export const MAX_IMAGES_TOTAL_BYTES = 96 * 1024;
/** Longest side of a returned figure, in pixels (the DPI is lowered to fit). */
export const MAX_IMAGE_PIXELS = 1600;
/**
 * What a job's table item may hold in code + stdin + tests + result, under DynamoDB's 400 KB: a larger
 * result is stored whole as an object and the item keeps a compact one (job/stored-result.ts).
 */
export const JOB_ITEM_BUDGET_BYTES = 360_000;

const limit = (key: keyof typeof LIMIT_DEFAULTS) =>
  z
    .number({ error: `limits.${key} must be a number` })
    .int({ error: `limits.${key} must be a whole number` })
    .min(LIMIT_MINIMA[key], { error: `limits.${key} must be at least ${LIMIT_MINIMA[key]}` })
    .max(LIMIT_MAXIMA[key], { error: `limits.${key} must be at most ${LIMIT_MAXIMA[key]}` })
    .default(LIMIT_DEFAULTS[key]);

export const LimitsSchema = z.strictObject({
  wallMs: limit("wallMs"),
  memoryMb: limit("memoryMb"),
  outputBytes: limit("outputBytes"),
});

export type Limits = z.infer<typeof LimitsSchema>;

export function defaultLimits(): Limits {
  return { ...LIMIT_DEFAULTS };
}
