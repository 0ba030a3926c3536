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
      // Frames sent while we were away are gone: ask the API again for the history and for every
      // job we know of that was still queued or running (not only the one on screen).
      onReconnect: () => {
        void client.invalidateQueries({ queryKey: jobKeys.list() });
        void client.invalidateQueries({
          queryKey: [...jobKeys.all, "detail"],
          predicate: (query) => {
            const job = query.state.data as Job | undefined;
            return !job || !isFinal(job.state);
          },
        });
      },
    });
    socket.start();
    return () => socket.stop();
  }, [wsUrl, signedIn, client, setConnection]);
}
