import { useEffect, useId, useRef, useState } from "react";
import { NARROW, useMediaQuery } from "../hooks/useMediaQuery";
import { FONT_SIZES, type ThemeChoice, useSettingsStore } from "../store/settings";

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/**
 * The header's Settings button and its dialog (non-modal, like a popover): font size, theme, word
 * wrap. Each change applies at once and is kept for this account. Esc or the button closes it and
 * focus goes back to the button.
 */
export function SettingsMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const fontSize = useSettingsStore((state) => state.fontSize);
  const theme = useSettingsStore((state) => state.theme);
  const wordWrap = useSettingsStore((state) => state.wordWrap);
  const set = useSettingsStore((state) => state.set);
  const narrow = useMediaQuery(NARROW);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    dialog.current?.querySelector<HTMLElement>("input, select, button")?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!dialog.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  return (
    <div className="settings">
      <button
        ref={button}
        type="button"
        className="button ghost"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => (open ? close(false) : setOpen(true))}
        data-testid="settings-button"
      >
        <span aria-hidden="true">⚙</span>
        <span className="settings-word">Settings</span>
      </button>
      {open && (
        <div
          ref={dialog}
          className="settings-dialog"
          role="dialog"
          aria-labelledby={titleId}
          data-testid="settings"
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.stopPropagation();
              close(true);
            }
          }}
        >
          <h2 id={titleId} className="settings-title">
            Editor settings
          </h2>
          <label className="settings-row">
            <span>Font size</span>
            <span className="font-size">
              <input
                type="range"
                min={FONT_SIZES.min}
                max={FONT_SIZES.max}
                step={1}
                value={fontSize}
                onChange={(event) => set({ fontSize: Number(event.target.value) })}
                data-testid="font-size"
              />
              <output aria-hidden="true">{fontSize} px</output>
            </span>
          </label>
          <fieldset className="settings-row theme-choice">
            <legend>Theme</legend>
            {THEMES.map((option) => (
              <label key={option.value}>
                <input
                  type="radio"
                  name="theme"
                  value={option.value}
                  checked={theme === option.value}
                  onChange={() => set({ theme: option.value })}
                />
                {option.label}
              </label>
            ))}
          </fieldset>
          <label className="settings-row checkbox">
            <input
              type="checkbox"
              checked={wordWrap ?? narrow}
              onChange={(event) => set({ wordWrap: event.target.checked })}
              data-testid="word-wrap"
            />
            Word wrap
          </label>
          <p className="hint">
            Format the code with the toolbar's Format button or <kbd>Shift</kbd>+<kbd>Alt</kbd>+<kbd>F</kbd> in the
            editor. Settings are kept for this account on this browser.
          </p>
          <button type="button" className="button small" onClick={() => close(true)}>
            Done
          </button>
        </div>
      )}
    </div>
  );
}
