import { type RefObject, useRef } from "react";

/** The narrowest each side of the code/results split may get, in CSS pixels. */
export const MIN_CODE_PX = 340;
export const MIN_RESULTS_PX = 320;
/** The lowest the output, and the complexity and history below it, may get in the results column. */
export const MIN_OUTPUT_PX = 140;
export const MIN_BELOW_OUTPUT_PX = 200;
/** One arrow key press moves the split by this share of the length (Shift: five times as far). */
const STEP = 0.02;

/** The split allowed for a container this long: both sides keep their minimum lengths. */
export function clampSplit(
  split: number,
  length: number,
  min: readonly [number, number] = [MIN_CODE_PX, MIN_RESULTS_PX],
): number {
  const usable = Math.max(1, length);
  const low = Math.min(0.5, min[0] / usable);
  const high = Math.max(0.5, 1 - min[1] / usable);
  return Math.min(high, Math.max(low, split));
}

/**
 * The handle between two panes: drag it, or focus it (Tab) and use the arrow keys (Home/End: as far
 * as it goes; a double click: back to `reset`). A focusable separator, as WAI-ARIA's window splitter
 * pattern says, its value the first pane's share in percent. "vertical" (the default) sits between
 * the code and results columns; "horizontal" between panes stacked in a column.
 */
export function SplitHandle({
  container,
  split,
  onChange,
  reset,
  orientation = "vertical",
  label = "Resize the code and results panes",
  controls = "code-pane results-pane",
  names = ["Code", "results"],
  min = [MIN_CODE_PX, MIN_RESULTS_PX],
  testId = "split-handle",
}: {
  container: RefObject<HTMLElement | null>;
  split: number;
  onChange: (split: number) => void;
  reset: number;
  orientation?: "vertical" | "horizontal";
  label?: string;
  controls?: string;
  names?: readonly [string, string];
  min?: readonly [number, number];
  testId?: string;
}) {
  const dragging = useRef(false);
  const across = orientation === "vertical";
  const boxOf = () => container.current?.getBoundingClientRect() ?? null;
  const lengthOf = (box: DOMRect) => (across ? box.width : box.height);
  const clamp = (value: number) => {
    const box = boxOf();
    return box ? clampSplit(value, lengthOf(box), min) : value;
  };
  const now = Math.round(split * 100);

  return (
    <div
      className={`split-handle ${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-controls={controls}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={now}
      aria-valuetext={`${names[0]} ${now}%, ${names[1]} ${100 - now}%`}
      tabIndex={0}
      data-testid={testId}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
        event.preventDefault();
      }}
      onPointerMove={(event) => {
        const box = boxOf();
        if (!dragging.current || !box) return;
        const offset = across ? event.clientX - box.left : event.clientY - box.top;
        onChange(clampSplit(offset / lengthOf(box), lengthOf(box), min));
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
      onDoubleClick={() => onChange(clamp(reset))}
    >
      <span className="split-grip" aria-hidden="true" />
    </div>
  );
}
