import type { Result } from "../api/types";

/** Lines in a text: its newlines, plus a last line without one. */
export function lineCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return text.length > 0 && !text.endsWith("\n") ? count + 1 : count;
}

/** A text's size in UTF-8, as the sandbox counts its output limit. */
export const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/** What the "Download output" file holds: stdout as printed, then stderr (if any) under a marker line. */
export function outputFileText(result: Pick<Result, "stdout" | "stderr">): string {
  if (!result.stderr) return result.stdout;
  const stdout = result.stdout && !result.stdout.endsWith("\n") ? `${result.stdout}\n` : result.stdout;
  return `${stdout}----- stderr -----\n${result.stderr}`;
}

/** The file's name: the job's id, so two downloads never overwrite each other. */
export const outputFileName = (jobId: string): string => `output-${jobId}.txt`;
