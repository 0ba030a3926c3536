const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Moves focus to the first control after (or before) `container` in tab order; true if it found one. */
export function focusOutside(container: Element, direction: "next" | "previous"): boolean {
  const all = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => !container.contains(element) && element.getClientRects().length > 0,
  );
  const after = (element: HTMLElement) =>
    Boolean(container.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
  const target = direction === "next" ? all.find(after) : all.filter((element) => !after(element)).at(-1);
  target?.focus();
  return target !== undefined;
}
