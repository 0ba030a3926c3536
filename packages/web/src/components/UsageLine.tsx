import type { Result } from "../api/types";
import { formatDuration, formatMemory } from "../lib/format";

export function UsageLine({ usage }: { usage: Result["usage"] }) {
  return (
    <span className="usage" data-testid="usage">
      <span title="Wall-clock time">wall {formatDuration(usage.wallMs)}</span>
      <span title="CPU time">CPU {formatDuration(usage.cpuMs)}</span>
      <span title="Peak memory">mem {formatMemory(usage.peakMemoryKb)}</span>
    </span>
  );
}
