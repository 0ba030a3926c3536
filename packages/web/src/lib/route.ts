import { useSyncExternalStore } from "react";

/**
 * The app's few client-side routes, on the History API: `/` (the workspace) and `/s/<token>` (a
 * shared run). The local stack and CloudFront both answer unknown paths with index.html.
 */
const CHANGE = "code-remote:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(path: string): void {
  if (window.location.pathname === path) return;
  window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(CHANGE));
}

/** The token of a share page's path, or undefined for any other path. */
export function sharedTokenOf(path: string): string | undefined {
  return /^\/s\/([A-Za-z0-9_-]+)\/?$/.exec(path)?.[1];
}
