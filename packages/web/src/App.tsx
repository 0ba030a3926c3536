import { useQueryClient } from "@tanstack/react-query";
import { Hub } from "aws-amplify/utils";
import { useEffect, useLayoutEffect } from "react";
import { currentUserId } from "./api/account";
import { currentUser, signOutUser } from "./api/auth";
import { setSessionExpiredHandler } from "./api/http";
import { AuthScreen } from "./components/AuthScreen";
import { Header } from "./components/Header";
import { SharedRunPage } from "./components/SharedRunPage";
import { Workspace } from "./components/Workspace";
import type { RuntimeConfig } from "./config";
import { useRealtime } from "./hooks/useRealtime";
import { sharedTokenOf, usePath } from "./lib/route";
import { useAnalysisStore } from "./store/analysis";
import { useEditorStore } from "./store/editor";
import { useSessionStore } from "./store/session";
import { useSettingsStore } from "./store/settings";

const EXPIRED = "Your session has expired. Please sign in again.";

export function App({ config }: { config: RuntimeConfig }) {
  const user = useSessionStore((state) => state.user);
  const setUser = useSessionStore((state) => state.setUser);
  const client = useQueryClient();

  // Amplify keeps tokens in localStorage: a reload restores the session without a new sign-in.
  useEffect(() => {
    void currentUser().then(setUser);
  }, [setUser]);

  // A refresh token that no longer works (expired, revoked) or an API 401: back to sign-in, saying why.
  useEffect(() => {
    const expire = () => {
      if (!useSessionStore.getState().user) return;
      useSessionStore.getState().expire(EXPIRED);
      client.clear();
      void signOutUser().catch(() => undefined);
    };
    setSessionExpiredHandler(expire);
    const stop = Hub.listen("auth", ({ payload }) => {
      if (payload.event === "tokenRefresh_failure") expire();
    });
    return stop;
  }, [client]);

  // Drafts belong to an account: signing in opens that account's own draft, signing out (or an
  // expired session) takes everything of it off the screen before the sign-in form shows: a layout
  // effect, as a passive one runs after the browser has painted the form in the last account's theme.
  const draftOwner = useEditorStore((state) => state.owner);
  useLayoutEffect(() => {
    if (!user) {
      useEditorStore.getState().close();
      useSettingsStore.getState().close();
      useAnalysisStore.getState().clear();
      return;
    }
    let current = true;
    void currentUserId().then((userId) => {
      if (!current) return;
      // The account's editor settings and pane sizes first, so its draft opens in them.
      useSettingsStore.getState().open(userId ?? `login:${user.username}`);
      useEditorStore.getState().open(userId ?? `login:${user.username}`);
    });
    return () => {
      current = false;
    };
  }, [user]);

  useRealtime(config.wsUrl, Boolean(user));
  // Client-side routes: `/s/<token>` is a shared run (after sign-in, at the same address); anything else the workspace.
  const sharedToken = sharedTokenOf(usePath());

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      {user === undefined || (user && !draftOwner) ? (
        <main className="centered muted" id="main">
          Loading…
        </main>
      ) : user === null ? (
        <AuthScreen local={Boolean(config.userPoolEndpoint)} />
      ) : sharedToken ? (
        <SharedRunPage token={sharedToken} />
      ) : (
        <Workspace />
      )}
    </div>
  );
}
