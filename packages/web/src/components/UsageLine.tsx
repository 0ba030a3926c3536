import type { Result } from "../api/types";

const ms = (value: number) => (value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`);
const kb = (value: number) => (value < 1024 ? `${Math.round(value)} KB` : `${(value / 1024).toFixed(1)} MB`);

export function UsageLine({ usage }: { usage: Result["usage"] }) {
  return (
    <span className="usage" data-testid="usage">
      <span title="Wall-clock time">wall {ms(usage.wallMs)}</span>
      <span title="CPU time">CPU {ms(usage.cpuMs)}</span>
      <span title="Peak memory">mem {kb(usage.peakMemoryKb)}</span>
    </span>
  );
}
