import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import type { User } from "../api/auth";
import type { ConnectionStatus } from "../api/socket";

interface SessionState {
  /** undefined while Amplify restores its stored session at start. */
  user: User | null | undefined;
  connection: ConnectionStatus;
  /** The job whose progress and output are on screen. */
  currentJobId: string | null;
  setUser: (user: User | null) => void;
  setConnection: (status: ConnectionStatus) => void;
  setCurrentJobId: (jobId: string | null) => void;
}

export const useSessionStore = create<SessionState>()(
  persist(
    (set) => ({
      user: undefined,
      connection: "closed",
      currentJobId: null,
      // A new user never sees the previous user's last job.
      setUser: (user) => set(user === null ? { user, currentJobId: null } : { user }),
      setConnection: (connection) => set({ connection }),
      setCurrentJobId: (currentJobId) => set({ currentJobId }),
    }),
    {
      // Only the last job id survives a reload (its output is fetched again); auth lives in Amplify's storage.
      name: "code-remote:session",
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ currentJobId }) => ({ currentJobId }),
    },
  ),
);
