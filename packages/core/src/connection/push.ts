import { type PushedJob, type ServerFrame, WS_QUOTAS } from "../contract";
import type { Job } from "../job/model";

const encoder = new TextEncoder();

/** The bytes a frame takes on the wire: the notifier posts JSON.stringify(frame) as UTF-8. */
export const frameBytes = (frame: ServerFrame): number => encoder.encode(JSON.stringify(frame)).length;

/**
 * Free text a slim job keeps (exception and platform messages, the failure reason), in UTF-16 units.
 * Even escaped at 6 bytes a unit (`\u0001`), three of them stay far below a message.
 */
const KEPT_TEXT_CHARS = 1000;

function cut(text: string): string {
  if (text.length <= KEPT_TEXT_CHARS) return text;
  // Not between the halves of a surrogate pair: that would leave text UTF-8 cannot encode.
  const end = /[\uD800-\uDBFF]/.test(text[KEPT_TEXT_CHARS - 1]!) ? KEPT_TEXT_CHARS - 1 : KEPT_TEXT_CHARS;
  return `${text.slice(0, end)}…`;
}

/** The job with every field that can be large left out (see PushedJobSchema); the rest as it is. */
export function slimJob(job: Job): PushedJob {
  const { tests: _tests, ...rest } = job;
  const slim: PushedJob = { ...rest, code: "", stdin: "", partial: true };
  if (job.reason !== undefined) slim.reason = cut(job.reason);
  if (job.result) {
    const { images, tests: _outcomes, ...result } = job.result;
    slim.result = {
      ...result,
      stdout: "",
      stderr: "",
      error: result.error ? { ...result.error, message: cut(result.error.message) } : null,
      ...(result.message !== undefined ? { message: cut(result.message) } : {}),
      ...(images?.length ? { omittedImages: images.length } : {}),
    };
  }
  return slim;
}

/**
 * The `job` frame to push: the job as stored when it fits in one API Gateway message, else the slim
 * job; `partial` (fetch GET /jobs/:id for the rest) when it is slim or its result is the compact one.
 * A slim job is bounded by construction (ids, numbers and three cut texts), so it always fits.
 */
export function jobFrame(job: Job): ServerFrame {
  // A job whose item keeps a compact result (the whole one is an object) is partial as it stands.
  const whole: ServerFrame = { type: "job", job: job.resultObject ? { ...job, partial: true } : job };
  if (frameBytes(whole) <= WS_QUOTAS.messageBytes) return whole;
  return { type: "job", job: slimJob(job) };
}
