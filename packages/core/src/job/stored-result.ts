import { JOB_ITEM_BUDGET_BYTES, type Result, type TestOutcome } from "../execution";
import type { Job } from "./model";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** A text's size in UTF-8 (what the table and the bucket count). */
export const utf8Bytes = (text: string): number => encoder.encode(text).length;

/** Room for the job's other attributes (ids, state, times, limits, pointers) and DynamoDB's own encoding. */
const ITEM_OVERHEAD_BYTES = 4 * 1024;

/** What a compact result keeps of each output stream: its first lines, at most this many UTF-8 bytes. */
export const COMPACT_STREAM_BYTES = 16 * 1024;
/** What it keeps of each shorter text (a test's stdin, expected and actual output; messages). */
export const COMPACT_TEXT_BYTES = 1024;

const NEWLINE = 0x0a;

/**
 * The first lines of `text` within `max` UTF-8 bytes: everything up to and with the last newline that
 * fits; when not even the first line fits, as many whole characters of it as fit (never half of a
 * multi-byte character). The text itself when it fits.
 */
export function headOfText(text: string, max: number): string {
  if (text.length * 3 <= max) return text; // a UTF-16 unit is at most 3 bytes of UTF-8
  const encoded = encoder.encode(text);
  if (encoded.length <= max) return text;
  if (max <= 0) return "";
  const newline = encoded.subarray(0, max).lastIndexOf(NEWLINE);
  if (newline >= 0) return decoder.decode(encoded.subarray(0, newline + 1));
  let end = max;
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--; // back to the start of the cut character
  return decoder.decode(encoded.subarray(0, end));
}

const headOf = (text: string) => headOfText(text, COMPACT_TEXT_BYTES);

/**
 * A result as a table item keeps it when the whole one is stored as an object: the verdict, exit,
 * usage, error, message and `truncated` as they are, each stream's first lines (COMPACT_STREAM_BYTES),
 * each test's pass/fail and verdict with its texts cut (COMPACT_TEXT_BYTES), figures counted in
 * `omittedImages` (as a listing does) and the heat map left out. Bounded by construction.
 */
export function compactResult(result: Result): Result {
  const { images, profile: _profile, lineSamples: _samples, trace: _trace, tests, error, message, ...rest } = result;
  return {
    ...rest,
    stdout: headOfText(result.stdout, COMPACT_STREAM_BYTES),
    stderr: headOfText(result.stderr, COMPACT_STREAM_BYTES),
    error: error ? { ...error, message: headOf(error.message) } : null,
    ...(message !== undefined ? { message: headOf(message) } : {}),
    ...(tests
      ? {
          tests: tests.map(
            (t): TestOutcome => ({
              ...t,
              stdin: headOf(t.stdin),
              expected: headOf(t.expected),
              actual: headOf(t.actual),
            }),
          ),
        }
      : {}),
    ...(images?.length ? { omittedImages: images.length } : {}),
  };
}

/** How a finished job's result is stored: in its item, or (too large) as an object plus a compact copy in the item. */
export type StoredResult = { item: Result; whole?: undefined } | { item: Result; whole: string };

/**
 * A job and its result share one table item, at most 400 KB (JOB_ITEM_BUDGET_BYTES with room to spare).
 * A result that fits what the job's code, stdin and tests leave stays in the item; a larger one (long
 * outputs, figures) goes whole to the bucket (`whole`: its JSON), and the item keeps compactResult.
 */
export function storedResult(job: Pick<Job, "code" | "stdin" | "tests">, result: Result): StoredResult {
  const whole = JSON.stringify(result);
  const budget =
    JOB_ITEM_BUDGET_BYTES -
    ITEM_OVERHEAD_BYTES -
    utf8Bytes(job.code) -
    utf8Bytes(job.stdin) -
    utf8Bytes(JSON.stringify(job.tests ?? []));
  if (whole.length <= budget / 3 || utf8Bytes(whole) <= budget) return { item: result };
  return { item: compactResult(result), whole };
}
