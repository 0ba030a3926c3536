import type { ConnectionStatus } from "../api/socket";
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
  const status = useSessionStore((state) => state.connection);
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
