import { useEffect } from "react";
import { currentUser } from "./api/auth";
import { Header } from "./components/Header";
import { SignIn } from "./components/SignIn";
import { Workspace } from "./components/Workspace";
import type { RuntimeConfig } from "./config";
import { useRealtime } from "./hooks/useRealtime";
import { useSessionStore } from "./store/session";

export function App({ config }: { config: RuntimeConfig }) {
  const user = useSessionStore((state) => state.user);
  const setUser = useSessionStore((state) => state.setUser);

  // Amplify keeps tokens in localStorage: a reload restores the session without a new sign-in.
  useEffect(() => {
    void currentUser().then(setUser);
  }, [setUser]);

  useRealtime(config.wsUrl, Boolean(user));

  return (
    <div className="app">
      <Header />
      {user === undefined ? (
        <main className="centered muted">Loading…</main>
      ) : user === null ? (
        <SignIn />
      ) : (
        <Workspace />
      )}
    </div>
  );
}
