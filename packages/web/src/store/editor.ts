import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { newDraft, type TestCaseDraft } from "../lib/tests";

const SAMPLE = `# Write Python here and press Ctrl+Enter (⌘+Enter on a Mac) to run it.
import sys

name = sys.stdin.readline().strip() or "world"
print(f"Hello, {name}!")
`;

/** What a starter example or a past run puts back into the workspace. */
export interface Snapshot {
  code: string;
  stdin?: string;
  tests?: ReadonlyArray<{ stdin: string; expected: string }>;
}

interface EditorState {
  code: string;
  stdin: string;
  tests: TestCaseDraft[];
  /**
   * Bumped when code comes from outside the editor (an example, a past run): Monaco is uncontrolled,
   * so it watches this to replace its text (as an undoable edit).
   */
  revision: number;
  setCode: (code: string) => void;
  setStdin: (stdin: string) => void;
  addTest: () => void;
  updateTest: (id: string, patch: Partial<Omit<TestCaseDraft, "id">>) => void;
  removeTest: (id: string) => void;
  load: (snapshot: Snapshot) => void;
}

/** What the user is writing. Kept in localStorage so a reload or a crash loses nothing. */
export const useEditorStore = create<EditorState>()(
  persist(
    (set) => ({
      code: SAMPLE,
      stdin: "",
      tests: [],
      revision: 0,
      setCode: (code) => set({ code }),
      setStdin: (stdin) => set({ stdin }),
      addTest: () => set((state) => ({ tests: [...state.tests, newDraft()] })),
      updateTest: (id, patch) =>
        set((state) => ({ tests: state.tests.map((test) => (test.id === id ? { ...test, ...patch } : test)) })),
      removeTest: (id) => set((state) => ({ tests: state.tests.filter((test) => test.id !== id) })),
      load: ({ code, stdin = "", tests = [] }) =>
        set((state) => ({
          code,
          stdin,
          tests: tests.map((test) => newDraft(test.stdin, test.expected)),
          revision: state.revision + 1,
        })),
    }),
    {
      name: "code-remote:editor",
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ code, stdin, tests }) => ({ code, stdin, tests }),
    },
  ),
);
