import type { Verdict } from "../api/types";

const LABELS: Record<Verdict, string> = {
  ok: "ok",
  runtime_error: "runtime error",
  time_limit: "time limit",
  memory_limit: "memory limit",
  output_limit: "output limit",
  blocked: "blocked",
  internal_error: "internal error",
};

export function VerdictBadge({ verdict, testId }: { verdict: Verdict; testId?: string }) {
  return (
    <span className={`badge verdict-${verdict}`} data-testid={testId} data-verdict={verdict}>
      {LABELS[verdict]}
    </span>
  );
}
