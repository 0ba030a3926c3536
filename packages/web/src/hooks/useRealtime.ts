import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { idToken } from "../api/auth";
import { upsertJob } from "../api/cache";
import { jobKeys } from "../api/jobs";
import { JobSocket } from "../api/socket";
import { isFinal, type Job } from "../api/types";
import { useSessionStore } from "../store/session";

/** Opens the tab's one WebSocket while signed in and feeds job frames into the query cache. */
export function useRealtime(wsUrl: string, signedIn: boolean): void {
  const client = useQueryClient();
  const setConnection = useSessionStore((state) => state.setConnection);

  useEffect(() => {
    if (!signedIn) return;
    const socket = new JobSocket({
      url: wsUrl,
      token: idToken,
      onStatus: setConnection,
      onFrame: (frame) => {
        if (frame.type === "job") upsertJob(client, frame.job);
      },
      // Frames sent while we were away are gone: ask the API again for the history and for the job
      // on screen if it may have moved.
      onReconnect: () => {
        void client.invalidateQueries({ queryKey: jobKeys.list() });
        const jobId = useSessionStore.getState().currentJobId;
        if (!jobId) return;
        const job = client.getQueryData<Job>(jobKeys.detail(jobId));
        if (!job || !isFinal(job.state)) void client.invalidateQueries({ queryKey: jobKeys.detail(jobId) });
      },
    });
    socket.start();
    return () => socket.stop();
  }, [wsUrl, signedIn, client, setConnection]);
}
