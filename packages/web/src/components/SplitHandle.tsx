import { type RefObject, useRef } from "react";

/** The narrowest each side of the split may get, in CSS pixels. */
export const MIN_CODE_PX = 340;
export const MIN_RESULTS_PX = 320;
/** One arrow key press moves the split by this share of the width (Shift: five times as far). */
const STEP = 0.02;

/** The split allowed for a container this wide: both sides keep their minimum widths. */
export function clampSplit(split: number, width: number, gap = 0): number {
  const usable = Math.max(1, width - gap);
  const min = Math.min(0.5, MIN_CODE_PX / usable);
  const max = Math.max(0.5, 1 - MIN_RESULTS_PX / usable);
  return Math.min(max, Math.max(min, split));
}

/**
 * The handle between the code and the results: drag it, or focus it (Tab) and use the arrow keys
 * (Home/End: as far as it goes). A focusable separator, as WAI-ARIA's window splitter pattern says,
 * its value the code column's share in percent.
 */
export function SplitHandle({
  container,
  split,
  onChange,
}: {
  container: RefObject<HTMLElement | null>;
  split: number;
  onChange: (split: number) => void;
}) {
  const dragging = useRef(false);
  const widthOf = () => container.current?.getBoundingClientRect() ?? null;
  const clamp = (value: number) => {
    const box = widthOf();
    return box ? clampSplit(value, box.width) : value;
  };
  const now = Math.round(split * 100);

  return (
    <div
      className="split-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the code and results panes"
      aria-controls="code-pane results-pane"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={now}
      aria-valuetext={`Code ${now}%, results ${100 - now}%`}
      tabIndex={0}
      data-testid="split-handle"
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
        event.preventDefault();
      }}
      onPointerMove={(event) => {
        const box = widthOf();
        if (!dragging.current || !box) return;
        onChange(clampSplit((event.clientX - box.left) / box.width, box.width));
      }}
      onPointerUp={(event) => {
        dragging.current = false;
        event.currentTarget.releasePointerCapture(event.pointerId);
      }}
      onPointerCancel={() => {
        dragging.current = false;
      }}
      onKeyDown={(event) => {
        const step = event.shiftKey ? STEP * 5 : STEP;
        let next: number | null = null;
        if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = split - step;
        else if (event.key === "ArrowRight" || event.key === "ArrowDown") next = split + step;
        else if (event.key === "Home") next = 0;
        else if (event.key === "End") next = 1;
        if (next === null) return;
        event.preventDefault();
        onChange(clamp(next));
      }}
      onDoubleClick={() => onChange(clamp(7 / 12))}
    >
      <span className="split-grip" aria-hidden="true" />
    </div>
  );
}
