import { JOB_ITEM_BUDGET_BYTES, type Result } from "../execution";
import type { Job } from "./model";

const encoder = new TextEncoder();
const bytes = (value: unknown) => encoder.encode(typeof value === "string" ? value : JSON.stringify(value ?? "")).length;

/** Room for the job's other attributes (ids, state, times, limits) and DynamoDB's own encoding. */
const ITEM_OVERHEAD_BYTES = 4 * 1024;

/** Cut a string to at most `max` UTF-8 bytes without splitting a character. */
function cutUtf8(text: string, max: number): string {
  if (max <= 0) return "";
  const encoded = encoder.encode(text);
  if (encoded.length <= max) return text;
  let end = max;
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--; // back to a character boundary
  return new TextDecoder().decode(encoded.subarray(0, end));
}

/**
 * A job and its result live in one table item, and an item is at most 400 KB. Each output stream is
 * capped on its own by the sandbox, so a job at its maxima (two 256 KiB streams, 64 KiB of code and of
 * stdin, per-test outputs) could not be stored and would never finish. Before the result is written,
 * it is cut to what the item has room for: images first, then test outputs, then stderr, then stdout.
 * What was cut is marked truncated, and the message says why.
 */
export function fitResultToItem(job: Pick<Job, "code" | "stdin" | "tests">, result: Result): Result {
  const budget = JOB_ITEM_BUDGET_BYTES - ITEM_OVERHEAD_BYTES - bytes(job.code) - bytes(job.stdin) - bytes(job.tests);
  if (bytes(result) <= budget) return result;

  const fitted: Result = { ...result, truncated: { ...result.truncated } };
  const over = () => bytes(fitted) - budget;
  if (fitted.images?.length) {
    fitted.images = [];
    fitted.truncated.images = true;
  }
  if (over() > 0 && fitted.tests?.length) {
    const each = Math.max(0, Math.floor((bytes(fitted.tests.map((t) => t.actual).join("")) - over()) / fitted.tests.length));
    fitted.tests = fitted.tests.map((t) => ({ ...t, actual: cutUtf8(t.actual, each) }));
  }
  for (const stream of ["stderr", "stdout"] as const) {
    if (over() <= 0) break;
    const keep = Math.max(0, bytes(fitted[stream]) - over() - 64); // 64: JSON escapes can grow as we cut
    fitted[stream] = cutUtf8(fitted[stream], keep);
    fitted.truncated[stream] = true;
  }
  const note = "output was cut to fit the stored result";
  fitted.message = fitted.message ? `${fitted.message}; ${note}` : note;
  return fitted;
}
