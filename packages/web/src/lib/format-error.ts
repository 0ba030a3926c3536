/**
 * Ruff's formatter says where it stopped as a UTF-8 byte range ("… at byte range 6..7"): the user
 * wants a line and a column. Returns the message in their terms, or the message as it came.
 */
export function describeFormatError(code: string, raw: string): { message: string; line: number | null } {
  const match = /^(.*?)\s+at byte range (\d+)\.\.(\d+)\s*$/s.exec(raw);
  if (!match) return { message: raw, line: null };
  const start = Number(match[2]);
  const { line, column } = positionOfByte(code, start);
  return { message: `${match[1]} (line ${line}, column ${column})`, line };
}

/** The 1-based line and column (in characters) of a UTF-8 byte offset into `code`. */
export function positionOfByte(code: string, offset: number): { line: number; column: number } {
  let bytes = 0;
  let line = 1;
  let column = 1;
  for (const char of code) {
    if (bytes >= offset) break;
    bytes += new TextEncoder().encode(char).length;
    if (char === "\n") {
      line += 1;
      column = 1;
    } else {
      column += 1;
    }
  }
  return { line, column };
}
