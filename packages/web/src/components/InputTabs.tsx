import { type KeyboardEvent, useRef, useState } from "react";
import { useEditorStore } from "../store/editor";
import { StdinBox } from "./StdinBox";
import { AddTestButton, TestCasesEditor } from "./TestCasesEditor";

type Tab = "stdin" | "tests";

/** stdin and the test cases share the space under the editor (a 720 px tall screen has no room for both). */
export function InputTabs() {
  const [tab, setTab] = useState<Tab>(() => (useEditorStore.getState().tests.length > 0 ? "tests" : "stdin"));
  const testCount = useEditorStore((state) => state.tests.length);
  const tabs = useRef<Record<Tab, HTMLButtonElement | null>>({ stdin: null, tests: null });

  // Arrow keys move between tabs (the ARIA tabs pattern); Tab moves into the panel.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    const next: Tab = tab === "stdin" ? "tests" : "stdin";
    setTab(next);
    tabs.current[next]?.focus();
    event.preventDefault();
  };

  const tabProps = (id: Tab) => ({
    id: `tab-${id}`,
    role: "tab" as const,
    type: "button" as const,
    "aria-selected": tab === id,
    "aria-controls": `panel-${id}`,
    tabIndex: tab === id ? 0 : -1,
    className: tab === id ? "tab selected" : "tab",
    onClick: () => setTab(id),
    ref: (element: HTMLButtonElement | null) => {
      tabs.current[id] = element;
    },
    "data-testid": `tab-${id}`,
  });

  return (
    <div className="input-tabs">
      <div className="tablist">
        {/* Only tabs inside the tablist: the Add button sits beside it, in the same row. */}
        <div role="tablist" aria-label="Program input" className="tabs" onKeyDown={onKeyDown}>
          <button {...tabProps("stdin")}>Input (stdin)</button>
          <button {...tabProps("tests")}>
            Test cases{testCount > 0 && <span className="count">{testCount}</span>}
          </button>
        </div>
        {tab === "tests" && <AddTestButton />}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel">
        {tab === "stdin" ? <StdinBox /> : <TestCasesEditor />}
      </div>
    </div>
  );
}
