import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { EXAMPLES } from "../examples";
import { useEditorStore } from "../store/editor";

const groups = [...new Set(EXAMPLES.map((example) => example.group))];

/**
 * Starter programs, in a menu button (the ARIA menu pattern): arrows only move within the open menu
 * and nothing loads until an item is chosen with Enter, Space or a click. Loading one keeps the
 * previous draft one step away (the undo toast).
 */
export function ExamplePicker() {
  const replace = useEditorStore((state) => state.replace);
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const items = () => [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  // Opening focuses the first item; a click or focus outside closes the menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the menu opens; items() reads the DOM then
  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node))
        setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
    }
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      event.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(list.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") setOpen(false);
  };

  const pick = (id: string) => {
    const example = EXAMPLES.find((candidate) => candidate.id === id);
    close(true);
    if (example) replace(example, `the example “${example.title}”`);
  };

  return (
    <div className="examples">
      <button
        ref={buttonRef}
        type="button"
        className="button small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? "examples-menu" : undefined}
        onClick={() => setOpen((was) => !was)}
        onKeyDown={onButtonKey}
        data-testid="examples"
      >
        Examples <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          ref={menuRef}
          id="examples-menu"
          role="menu"
          aria-label="Starter examples"
          className="menu"
          onKeyDown={onMenuKey}
        >
          {groups.map((group) => (
            <div key={group} role="group" aria-labelledby={`examples-group-${group}`}>
              <div className="menu-group" id={`examples-group-${group}`} role="presentation">
                {group}
              </div>
              {EXAMPLES.filter((example) => example.group === group).map((example) => (
                <button
                  key={example.id}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  className="menu-item"
                  onClick={() => pick(example.id)}
                  data-testid={`example-${example.id}`}
                >
                  {example.title}
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
