import { useSyncExternalStore } from "react";

/** Whether a CSS media query matches, live (for what CSS cannot reach, such as Monaco's options). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const media = window.matchMedia(query);
      media.addEventListener("change", onChange);
      return () => media.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
  );
}

/** The one-column layout of app.css (phones, narrow windows). */
export const NARROW = "(max-width: 860px)";
