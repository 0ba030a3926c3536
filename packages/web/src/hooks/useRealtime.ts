import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { idToken } from "../api/auth";
import { resyncAfterReconnect, upsertJob } from "../api/cache";
import { fetchJob } from "../api/jobs";
import { JobSocket } from "../api/socket";
import { useSessionStore } from "../store/session";

/** Opens the tab's one WebSocket while signed in and feeds job frames into the query cache. */
export function useRealtime(wsUrl: string, signedIn: boolean): void {
  const client = useQueryClient();
  const setConnection = useSessionStore((state) => state.setConnection);

  useEffect(() => {
    if (!signedIn) return;
    let cancelResync = () => {};
    const socket = new JobSocket({
      url: wsUrl,
      token: idToken,
      onStatus: setConnection,
      fetchJob,
      onFrame: (frame) => {
        if (frame.type === "job") upsertJob(client, frame.job);
      },
      onReconnect: () => {
        cancelResync();
        cancelResync = resyncAfterReconnect(client);
      },
    });
    socket.start();
    return () => {
      cancelResync();
      socket.stop();
    };
  }, [wsUrl, signedIn, client, setConnection]);
}
