import { create } from "zustand";
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

interface Draft {
  code: string;
  stdin: string;
  tests: TestCaseDraft[];
}

interface EditorState extends Draft {
  /** The account whose draft this is; null while nobody is signed in (then nothing is kept). */
  owner: string | null;
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
  /** The draft an example or a past run just replaced, one step away (the undo toast). */
  replaced: { what: string; previous: Draft } | null;
  /** Load a snapshot over the draft, keeping the draft for undo when it differs from what arrives. */
  replace: (snapshot: Snapshot, what: string) => void;
  undoReplace: () => void;
  dismissReplaced: () => void;
  /** Signed in: bring back this account's own draft (or the sample). */
  open: (owner: string) => void;
  /** Signed out: nothing of the last account stays on screen or in memory. */
  close: () => void;
}

const KEY_PREFIX = "code-remote:draft:";
/** Before drafts were per account, one draft was shared by everyone on the browser: whose it is cannot be told. */
const SHARED_KEY = "code-remote:editor";

const blank = (): Draft => ({ code: SAMPLE, stdin: "", tests: [] });

function readDraft(owner: string): Draft {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY_PREFIX + owner) ?? "null") as Partial<Draft> | null;
    if (!raw || typeof raw.code !== "string") return blank();
    const tests = Array.isArray(raw.tests)
      ? raw.tests
          .filter((t) => typeof t?.stdin === "string" && typeof t?.expected === "string")
          .map((t) => newDraft(t.stdin, t.expected))
      : [];
    return { code: raw.code, stdin: typeof raw.stdin === "string" ? raw.stdin : "", tests };
  } catch {
    return blank();
  }
}

function sameDraft(a: Draft, b: Draft): boolean {
  return (
    a.code === b.code &&
    a.stdin === b.stdin &&
    a.tests.length === b.tests.length &&
    a.tests.every((test, i) => test.stdin === b.tests[i]?.stdin && test.expected === b.tests[i]?.expected)
  );
}

/** What the user is writing, kept per account in localStorage so a reload or a crash loses nothing. */
export const useEditorStore = create<EditorState>()((set) => ({
  ...blank(),
  owner: null,
  revision: 0,
  setCode: (code) => set({ code }),
  setStdin: (stdin) => set({ stdin }),
  addTest: () => set((state) => ({ tests: [...state.tests, newDraft()] })),
  updateTest: (id, patch) =>
    set((state) => ({ tests: state.tests.map((test) => (test.id === id ? { ...test, ...patch } : test)) })),
  removeTest: (id) => set((state) => ({ tests: state.tests.filter((test) => test.id !== id) })),
  replaced: null,
  replace: (snapshot, what) =>
    set((state) => {
      const next = {
        code: snapshot.code,
        stdin: snapshot.stdin ?? "",
        tests: (snapshot.tests ?? []).map((t) => newDraft(t.stdin, t.expected)),
      };
      const previous = { code: state.code, stdin: state.stdin, tests: state.tests };
      return { ...next, revision: state.revision + 1, replaced: sameDraft(previous, next) ? null : { what, previous } };
    }),
  undoReplace: () =>
    set((state) =>
      state.replaced ? { ...state.replaced.previous, replaced: null, revision: state.revision + 1 } : {},
    ),
  dismissReplaced: () => set({ replaced: null }),
  open: (owner) => set((state) => ({ ...readDraft(owner), owner, replaced: null, revision: state.revision + 1 })),
  close: () => set((state) => ({ ...blank(), owner: null, replaced: null, revision: state.revision + 1 })),
}));

if (typeof localStorage !== "undefined") {
  localStorage.removeItem(SHARED_KEY);
  // Every change to the open draft is saved under its owner; with no owner nothing is written.
  useEditorStore.subscribe((state, previous) => {
    if (!state.owner) return;
    if (
      state.owner === previous.owner &&
      state.code === previous.code &&
      state.stdin === previous.stdin &&
      state.tests === previous.tests
    )
      return;
    const draft = {
      code: state.code,
      stdin: state.stdin,
      tests: state.tests.map(({ stdin, expected }) => ({ stdin, expected })),
    };
    localStorage.setItem(KEY_PREFIX + state.owner, JSON.stringify(draft));
  });
}
