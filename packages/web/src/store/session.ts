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
  /** A message for the sign-in screen, e.g. why the user was signed out. */
  notice: string | null;
  setUser: (user: User | null) => void;
  setConnection: (status: ConnectionStatus) => void;
  setCurrentJobId: (jobId: string | null) => void;
  /** Back to the sign-in screen with a reason (an expired session). */
  expire: (notice: string) => void;
  clearNotice: () => void;
}

export const useSessionStore = create<SessionState>()(
  persist(
    (set) => ({
      user: undefined,
      connection: "closed",
      currentJobId: null,
      notice: null,
      // A new user never sees the previous user's last job.
      setUser: (user) => set(user === null ? { user, currentJobId: null } : { user, notice: null }),
      setConnection: (connection) => set({ connection }),
      setCurrentJobId: (currentJobId) => set({ currentJobId }),
      expire: (notice) => set({ user: null, currentJobId: null, notice }),
      clearNotice: () => set({ notice: null }),
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
