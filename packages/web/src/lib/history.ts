/** A run matches a history search when its title or its code holds the text (any case; blank matches all). */
export function matches(job: { title?: string | undefined; code: string }, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  return (job.title ?? "").toLowerCase().includes(needle) || job.code.toLowerCase().includes(needle);
}
