import { z } from "zod";

/** Per-job resource limits: defaults apply when a field is omitted; maxima are hard caps. */
export const LIMIT_DEFAULTS = { wallMs: 10_000, memoryMb: 256, outputBytes: 64 * 1024 } as const;
export const LIMIT_MAXIMA = { wallMs: 30_000, memoryMb: 1024, outputBytes: 256 * 1024 } as const;
export const LIMIT_MINIMA = { wallMs: 100, memoryMb: 32, outputBytes: 1024 } as const;

export const MAX_CODE_BYTES = 64 * 1024;
export const MAX_STDIN_BYTES = 64 * 1024;
export const MAX_TESTS = 20;

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
