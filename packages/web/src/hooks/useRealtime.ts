import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { idToken } from "../api/auth";
import { resyncAfterReconnect, upsertJob } from "../api/cache";
import { fetchJob } from "../api/jobs";
import { JobSocket } from "../api/socket";
import { hasGap } from "../lib/live-output";
import { useLiveOutputStore } from "../store/live-output";
import { useSessionStore } from "../store/session";

/** How long a gap in a job's output frames may last before the tab reads the job's output so far. */
const CATCH_UP_AFTER_MS = 300;

/** Opens the tab's one WebSocket while signed in and feeds job frames into the query cache. */
export function useRealtime(wsUrl: string, signedIn: boolean): void {
  const client = useQueryClient();
  const setConnection = useSessionStore((state) => state.setConnection);

  useEffect(() => {
    if (!signedIn) return;
    let cancelResync = () => {};
    const liveOutput = () => useLiveOutputStore.getState();
    // A missing output frame (lost, or sent before this tab's connection was known): catch up from the
    // job's record once the frames around it have had a moment to arrive.
    const catchingUp = new Map<string, ReturnType<typeof setTimeout>>();
    const catchUp = (jobId: string) => {
      if (catchingUp.has(jobId)) return;
      catchingUp.set(
        jobId,
        setTimeout(() => {
          catchingUp.delete(jobId);
          void fetchJob(jobId).then(
            (job) => {
              if (job.output) liveOutput().snapshot(job.jobId, job.attempt, job.output);
            },
            () => undefined,
          );
        }, CATCH_UP_AFTER_MS),
      );
    };
    const socket = new JobSocket({
      url: wsUrl,
      token: idToken,
      onStatus: setConnection,
      fetchJob,
      onFrame: (frame) => {
        if (frame.type === "job") {
          if (frame.job.state === "running") liveOutput().running(frame.job.jobId, frame.job.attempt);
          upsertJob(client, frame.job);
        } else if (frame.type === "output") {
          liveOutput().frame(frame);
          const state = liveOutput().byJob[frame.jobId];
          if (state && hasGap(state)) catchUp(frame.jobId);
        }
      },
      onReconnect: () => {
        cancelResync();
        cancelResync = resyncAfterReconnect(client);
      },
    });
    socket.start();
    return () => {
      for (const timer of catchingUp.values()) clearTimeout(timer);
      cancelResync();
      socket.stop();
    };
  }, [wsUrl, signedIn, client, setConnection]);
}
