import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";

const SAMPLE = `# Write Python here and press Ctrl+Enter (⌘+Enter on a Mac) to run it.
import sys

name = sys.stdin.readline().strip() or "world"
print(f"Hello, {name}!")
`;

interface EditorState {
  code: string;
  stdin: string;
  setCode: (code: string) => void;
  setStdin: (stdin: string) => void;
}

/** What the user is writing. Kept in localStorage so a reload or a crash loses nothing. */
export const useEditorStore = create<EditorState>()(
  persist(
    (set) => ({
      code: SAMPLE,
      stdin: "",
      setCode: (code) => set({ code }),
      setStdin: (stdin) => set({ stdin }),
    }),
    {
      name: "code-remote:editor",
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ code, stdin }) => ({ code, stdin }),
    },
  ),
);
