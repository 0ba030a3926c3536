import { useSyncExternalStore } from "react";

const QUERY = "(prefers-color-scheme: light)";

const subscribe = (onChange: () => void) => {
  const media = window.matchMedia(QUERY);
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
};

/** The system's colour scheme, live: the CSS follows it by itself, Monaco needs to be told. */
export function useColorScheme(): "light" | "dark" {
  return useSyncExternalStore(subscribe, () => (window.matchMedia(QUERY).matches ? "light" : "dark"));
}
