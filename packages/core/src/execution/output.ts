import { z } from "zod";

export const OUTPUT_STREAMS = ["stdout", "stderr"] as const;
export const OutputStreamSchema = z.enum(OUTPUT_STREAMS);
export type OutputStream = z.infer<typeof OutputStreamSchema>;

/** What a running job printed since the last chunk, on one stream (the sandbox streams these). */
export const OutputChunkSchema = z.object({ stream: OutputStreamSchema, data: z.string() });
export type OutputChunk = z.infer<typeof OutputChunkSchema>;

/**
 * What a running job has printed so far, as stored on its record for GET /jobs/:id: a tab that
 * (re)connects mid-run shows this, then applies output frames from `nextSeq` on. Each stream keeps
 * its first MAX_LIVE_OUTPUT_CHARS (`cut` says more was printed); the final result has everything.
 */
export const LiveOutputSchema = z.object({
  stdout: z.string(),
  stderr: z.string(),
  nextSeq: z.number().int().nonnegative(),
  cut: z.boolean().optional(),
});
export type LiveOutput = z.infer<typeof LiveOutputSchema>;

export const MAX_LIVE_OUTPUT_CHARS = 64 * 1024;
