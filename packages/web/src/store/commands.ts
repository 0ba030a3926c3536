import { create } from "zustand";

/**
 * Commands for the editor from outside it (the toolbar's Format button) and what became of them:
 * Monaco is lazy and uncontrolled, so it watches `formatRequest` as it watches the draft's revision.
 */
interface CommandsState {
  formatRequest: number;
  formatting: boolean;
  /** The last format's outcome for the status line: an error keeps the code as it was. */
  note: { kind: "ok" | "error"; text: string } | null;
  requestFormat: () => void;
  setFormatting: (formatting: boolean) => void;
  setNote: (note: CommandsState["note"]) => void;
}

export const useCommandsStore = create<CommandsState>()((set) => ({
  formatRequest: 0,
  formatting: false,
  note: null,
  requestFormat: () => set((state) => ({ formatRequest: state.formatRequest + 1 })),
  setFormatting: (formatting) => set({ formatting }),
  setNote: (note) => set({ note }),
}));
