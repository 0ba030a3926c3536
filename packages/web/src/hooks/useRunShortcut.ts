import { useEffect, useRef } from "react";

/**
 * Ctrl/Cmd+Enter anywhere on the page (e.g. in the stdin box). Inside Monaco the editor's own
 * command handles it and marks the event handled, so the run is not triggered twice.
 */
export function useRunShortcut(run: () => void): void {
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  }, [run]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      runRef.current();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
