import { useEffect, useState } from "react";

/** An element's content width or height, live (a ResizeObserver). */
function useElementSide(element: HTMLElement | null, fallback: number, side: "width" | "height"): number {
  const [length, setLength] = useState(fallback);
  useEffect(() => {
    if (!element) return;
    setLength((side === "width" ? element.clientWidth : element.clientHeight) || fallback);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setLength(Math.round(entry.contentRect[side]) || fallback);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, fallback, side]);
  return length;
}

/** An element's content width, live, for drawings that lay out in pixels. */
export const useElementWidth = (element: HTMLElement | null, fallback: number): number =>
  useElementSide(element, fallback, "width");

/** An element's content height, live. */
export const useElementHeight = (element: HTMLElement | null, fallback: number): number =>
  useElementSide(element, fallback, "height");
