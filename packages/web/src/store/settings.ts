import { create } from "zustand";

/** Editor settings and the pane sizes, kept per account like drafts (issue 18). */
export type ThemeChoice = "system" | "light" | "dark";

export interface Settings {
  fontSize: number;
  theme: ThemeChoice;
  /** Word wrap; null follows the screen (on at phone width, off otherwise). */
  wordWrap: boolean | null;
  /** The code column's share of the workspace's width (the resizable split), 0..1. */
  split: number;
  /** The output's share of the results column's height (the split below it, on a wide screen), 0..1. */
  outputSplit: number;
}

export const FONT_SIZES = { min: 12, max: 24, default: 14 } as const;
export const SPLIT = { default: 7 / 12, output: 0.5 } as const;

interface SettingsState extends Settings {
  /** The account whose settings these are; null while nobody is signed in (then nothing is kept). */
  owner: string | null;
  set: (patch: Partial<Settings>) => void;
  /** Signed in: this account's own settings (or the defaults). */
  open: (owner: string) => void;
  /** Signed out: back to the defaults on screen (the system theme). */
  close: () => void;
}

const KEY_PREFIX = "code-remote:settings:";

export const defaults = (): Settings => ({
  fontSize: FONT_SIZES.default,
  theme: "system",
  wordWrap: null,
  split: SPLIT.default,
  outputSplit: SPLIT.output,
});

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Whatever is stored is checked field by field: a bad or old value falls back to its default. */
export function parseSettings(raw: unknown): Settings {
  const base = defaults();
  if (!raw || typeof raw !== "object") return base;
  const value = raw as Record<string, unknown>;
  return {
    fontSize:
      typeof value.fontSize === "number" && Number.isFinite(value.fontSize)
        ? clamp(Math.round(value.fontSize), FONT_SIZES.min, FONT_SIZES.max)
        : base.fontSize,
    theme: value.theme === "light" || value.theme === "dark" || value.theme === "system" ? value.theme : base.theme,
    wordWrap: typeof value.wordWrap === "boolean" ? value.wordWrap : null,
    split: typeof value.split === "number" && Number.isFinite(value.split) ? clamp(value.split, 0.1, 0.9) : base.split,
    outputSplit:
      typeof value.outputSplit === "number" && Number.isFinite(value.outputSplit)
        ? clamp(value.outputSplit, 0.1, 0.9)
        : base.outputSplit,
  };
}

function readSettings(owner: string): Settings {
  try {
    return parseSettings(JSON.parse(localStorage.getItem(KEY_PREFIX + owner) ?? "null"));
  } catch {
    return defaults();
  }
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  ...defaults(),
  owner: null,
  set: (patch) => set((state) => parseSettings({ ...pick(state), ...patch })),
  open: (owner) => set({ ...readSettings(owner), owner }),
  close: () => set({ ...defaults(), owner: null }),
}));

const pick = ({ fontSize, theme, wordWrap, split, outputSplit }: Settings): Settings => ({
  fontSize,
  theme,
  wordWrap,
  split,
  outputSplit,
});

const LIGHT = "(prefers-color-scheme: light)";

/** The theme on screen: the account's choice, or the system's while it says "system" (live). */
export function resolveTheme(choice: ThemeChoice): "light" | "dark" {
  if (choice !== "system") return choice;
  return typeof window !== "undefined" && window.matchMedia(LIGHT).matches ? "light" : "dark";
}

if (typeof window !== "undefined" && typeof localStorage !== "undefined") {
  // The whole app's CSS keys its light palette on <html data-theme="light">: one place decides it.
  const apply = () => {
    document.documentElement.dataset.theme = resolveTheme(useSettingsStore.getState().theme);
  };
  apply();
  window.matchMedia(LIGHT).addEventListener("change", apply);
  useSettingsStore.subscribe((state, previous) => {
    if (state.theme !== previous.theme) apply();
    if (!state.owner) return;
    const now = pick(state);
    const before = pick(previous);
    if (
      state.owner === previous.owner &&
      (Object.keys(now) as (keyof Settings)[]).every((key) => now[key] === before[key])
    )
      return;
    localStorage.setItem(KEY_PREFIX + state.owner, JSON.stringify(now));
  });
}
