import { useSyncExternalStore } from "react";
import { resolveTheme, useSettingsStore } from "../store/settings";

const QUERY = "(prefers-color-scheme: light)";

const subscribe = (onChange: () => void) => {
  const media = window.matchMedia(QUERY);
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
};

/**
 * The colour scheme on screen, live: the account's theme setting, or the system's while it is
 * "system". The CSS follows <html data-theme> (store/settings.ts sets it); Monaco needs to be told.
 */
export function useColorScheme(): "light" | "dark" {
  const choice = useSettingsStore((state) => state.theme);
  const system = useSyncExternalStore(subscribe, () => (window.matchMedia(QUERY).matches ? "light" : "dark"));
  return choice === "system" ? system : resolveTheme(choice);
}
