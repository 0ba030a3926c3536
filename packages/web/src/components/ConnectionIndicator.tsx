import type { ConnectionStatus } from "../api/socket";
import { useSessionStore } from "../store/session";

const LABELS: Record<ConnectionStatus, string> = {
  open: "Live",
  connecting: "Connecting…",
  reconnecting: "Reconnecting…",
  closed: "Offline",
};

/** Whether job updates arrive live; without it the app falls back to polling. */
export function ConnectionIndicator() {
  const status = useSessionStore((state) => state.connection);
  return (
    <span className={`connection ${status}`} data-testid="connection" data-status={status} title="Realtime updates">
      <span className="dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
