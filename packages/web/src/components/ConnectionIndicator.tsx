import type { ConnectionStatus } from "../api/socket";
import { useOnline } from "../hooks/useOnline";
import { useSessionStore } from "../store/session";

const LABELS: Record<ConnectionStatus, string> = {
  open: "Live",
  connecting: "Connecting…",
  reconnecting: "Reconnecting…",
  closed: "Offline",
};

const HELP: Record<ConnectionStatus, string> = {
  open: "Job updates arrive live over the WebSocket.",
  connecting: "Opening the live connection for job updates.",
  reconnecting: "The live connection dropped; reconnecting. Running jobs are checked every 2 seconds meanwhile.",
  closed: "No live connection. Running jobs are checked every 2 seconds.",
};

/** Whether job updates arrive live; without it the app falls back to polling. */
export function ConnectionIndicator() {
  const socket = useSessionStore((state) => state.connection);
  // The browser knows at once when the network is gone; the socket would notice only on a timeout.
  const online = useOnline();
  if (!online) {
    return (
      <span
        className="connection closed"
        data-testid="connection"
        data-status="offline"
        title="The browser has no network. A run you start is sent when it is back."
        role="status"
        aria-label="Realtime updates: offline, no network"
      >
        <span className="dot" aria-hidden="true" />
        Offline
      </span>
    );
  }
  const status = socket;
  return (
    <span
      className={`connection ${status}`}
      data-testid="connection"
      data-status={status}
      title={HELP[status]}
      role="status"
      aria-label={`Realtime updates: ${LABELS[status]}`}
    >
      <span className="dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
