import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { signOutUser } from "../api/auth";
import { useSessionStore } from "../store/session";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { SettingsMenu } from "./SettingsMenu";

export function Header() {
  const user = useSessionStore((state) => state.user);
  const setUser = useSessionStore((state) => state.setUser);
  const client = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOutUser();
    } catch {
      // Revoking the refresh token server-side is best effort; Amplify still drops the local session.
    } finally {
      // Drop cached jobs so the next user on this browser never sees them.
      client.clear();
      setUser(null);
      setSigningOut(false);
    }
  };

  return (
    <header className="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ▶
        </span>
        Code Remote
      </div>
      {user && (
        <div className="header-right">
          <ConnectionIndicator />
          <span className="user" data-testid="user">
            {user.username}
          </span>
          <SettingsMenu />
          <button type="button" className="button ghost" onClick={onSignOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      )}
    </header>
  );
}
