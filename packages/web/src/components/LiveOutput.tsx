import { useEffect, useLayoutEffect, useRef } from "react";
import type { Job } from "../api/types";
import { useLiveOutputStore } from "../store/live-output";
import { AnsiText } from "./AnsiText";

/**
 * What a running job has printed so far, as it arrives (stdout and stderr in order, stderr marked).
 * Scroll stays at the bottom unless the user scrolled up. Seeded from the job's record when the
 * tab opens a job that is already running. The final result replaces it.
 */
export function LiveOutput({ job }: { job: Job }) {
  const live = useLiveOutputStore((store) => store.byJob[job.jobId]);
  const snapshot = useLiveOutputStore((store) => store.snapshot);
  const box = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    if (job.output) snapshot(job.jobId, job.attempt, job.output);
  }, [job.jobId, job.attempt, job.output, snapshot]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new pieces are what scrolls the pinned box
  useLayoutEffect(() => {
    const element = box.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [live?.pieces]);

  if (!live || live.pieces.length === 0) {
    return (
      <p className="muted empty">
        {job.state === "running" ? "Running… nothing printed yet." : "Waiting for a sandbox…"}
      </p>
    );
  }
  return (
    <div className="streams">
      <pre
        ref={box}
        className="live-output"
        data-testid="live-output"
        aria-live="off"
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
        }}
      >
        {live.pieces.map((piece, i) => (
          <span
            key={i}
            className={piece.stream === "stderr" ? "live-piece live-stderr" : "live-piece"}
            data-stream={piece.stream}
          >
            <AnsiText text={piece.text} />
          </span>
        ))}
      </pre>
    </div>
  );
}
