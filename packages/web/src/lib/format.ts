/** Small formatters shared by the run panel, the history and the usage line. */

/** A live clock for a running job: "0.4 s", "12.3 s", then "1:05", "12:00". */
export function formatElapsed(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 60_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.floor(safe / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/** A measured duration: "12 ms", "1.25 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A memory size given in KB: "850 KB", "12.4 MB", "1.02 GB". */
export function formatMemory(kb: number): string {
  if (kb < 1024) return `${Math.round(kb)} KB`;
  if (kb < 1024 * 1024) return `${(kb / 1024).toFixed(1)} MB`;
  return `${(kb / 1024 / 1024).toFixed(2)} GB`;
}

/** "just now", "5 min ago", "3 h ago", then a date: for the history list. */
export function formatAgo(timestamp: number, now = Date.now()): string {
  const seconds = Math.round((now - timestamp) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(timestamp).toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

/** The first meaningful line of a program, for a one-line summary. */
export function firstCodeLine(code: string): string {
  const line = code.split("\n").find((candidate) => candidate.trim() && !candidate.trim().startsWith("#"));
  return line?.trim() ?? "(empty)";
}

/** A limit in whole human units: "10 s", "2.5 s", "500 ms". */
export function formatLimitMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1).replace(/\.0$/, "")} s`;
}

/** A byte count as a size (1024-based, like formatMemory): "900 bytes", "64 KB", "1 MB", "1.5 MB". */
export function formatBytes(bytes: number): string {
  const trim = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, ""));
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${trim(bytes / 1024)} KB`;
  return `${trim(bytes / 1024 / 1024)} MB`;
}
