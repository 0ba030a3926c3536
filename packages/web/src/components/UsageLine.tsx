import type { Result } from "../api/types";
import { formatDuration, formatMemory } from "../lib/format";

/** What the program itself used, measured in the sandbox (the status line's total includes the platform). */
export function UsageLine({ usage }: { usage: Result["usage"] }) {
  return (
    <span className="usage" data-testid="usage">
      <span className="usage-label">your program:</span>
      <span title="Wall-clock time your program ran, measured in the sandbox">wall {formatDuration(usage.wallMs)}</span>
      <span title="CPU time your program used">CPU {formatDuration(usage.cpuMs)}</span>
      <span title="Peak memory of your program">mem {formatMemory(usage.peakMemoryKb)}</span>
    </span>
  );
}
